package org.ranksweep.core.cost;

import java.util.List;
import java.util.stream.IntStream;
import org.ranksweep.core.model.VitShape;

/**
 * A block whose attention is an ordinary MHA with {@code heads} heads of query/key width {@code qkRank} and
 * value/output width {@code voRank}, softmax scale still 1/√d_h of the original head width. Used by comcat
 * (all heads, factorized products) and head-prune (the kept heads, full width d_h). Immutable and thread-safe.
 *
 * @param heads     heads kept, H' (may be 0: only the output bias remains)
 * @param qkRank    per-head query/key width r_qk
 * @param voRank    per-head value/output width r_vo
 * @param keptHeads indices of the original heads this block keeps, ascending, {@code heads} of them; for comcat
 *                  all heads {@code 0..h-1} (the default when null)
 * @param fc1Rank   plain-SVD rank of fc1, or null for dense
 * @param fc2Rank   plain-SVD rank of fc2, or null for dense
 */
public record HeadLevelBlock(
        int heads, int qkRank, int voRank, List<Integer> keptHeads, Integer fc1Rank, Integer fc2Rank)
        implements BlockPlan {

    public HeadLevelBlock {
        if (heads < 0) {
            throw new IllegalArgumentException("heads must not be negative, was " + heads);
        }
        BlockPlan.requirePositive("qkRank", qkRank);
        BlockPlan.requirePositive("voRank", voRank);
        BlockPlan.requirePositive("fc1Rank", fc1Rank);
        BlockPlan.requirePositive("fc2Rank", fc2Rank);
        keptHeads = keptHeads == null ? IntStream.range(0, heads).boxed().toList() : List.copyOf(keptHeads);
        requireValidKeptHeads(heads, keptHeads);
    }

    /** All {@code heads} heads (0..heads-1) at the given widths, MLP dense: the comcat form. */
    public HeadLevelBlock(int heads, int qkRank, int voRank) {
        this(heads, qkRank, voRank, null, null, null);
    }

    /** The given original heads at full width {@code headWidth}, MLP dense: the head-prune form. */
    public static HeadLevelBlock kept(List<Integer> keptHeads, int headWidth) {
        return new HeadLevelBlock(keptHeads.size(), headWidth, headWidth, keptHeads, null, null);
    }

    @Override
    public Cost attentionCost(VitShape shape) {
        return AttentionCost.headLevel(shape, heads, qkRank, voRank);
    }

    @Override
    public long attentionWeights(VitShape shape) {
        return AttentionCost.headLevelWeights(shape, heads, qkRank, voRank);
    }

    @Override
    public HeadLevelBlock withMlpRanks(Integer fc1, Integer fc2) {
        return new HeadLevelBlock(heads, qkRank, voRank, keptHeads, fc1, fc2);
    }

    private static void requireValidKeptHeads(int heads, List<Integer> keptHeads) {
        if (keptHeads.size() != heads) {
            throw new IllegalArgumentException("keptHeads " + keptHeads + " must list exactly " + heads + " heads");
        }
        for (int i = 0; i < keptHeads.size(); i++) {
            if (keptHeads.get(i) < 0 || (i > 0 && keptHeads.get(i) <= keptHeads.get(i - 1))) {
                throw new IllegalArgumentException("keptHeads " + keptHeads + " must be ascending, distinct, >= 0");
            }
        }
    }
}
