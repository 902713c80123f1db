package org.ranksweep.core.cost;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankSpec;

/**
 * Turns an attention budget (a fraction b of the dense attention weights 4d² of all blocks, biases excluded) or
 * explicit per-layer ranks into a {@link ModelPlan}, with the uniform allocation rules of the structure contract.
 * Stateless, thread-safe.
 */
public final class BudgetAllocator {

    private BudgetAllocator() {}

    /** comcat: per-head total T = max(2, round(2·b·d_h)), r_qk = ceil(T/2), r_vo = floor(T/2) in every block. */
    public static ModelPlan comcat(VitShape shape, double budget) {
        requireBudget(budget);
        int total = (int) Math.max(2, Math.min(2L * shape.headWidth(), Math.round(2 * budget * shape.headWidth())));
        int qkRank = (total + 1) / 2;
        int voRank = total / 2;
        return uniform(shape, new HeadLevelBlock(shape.heads(), qkRank, voRank));
    }

    /** svd-matrix: r = max(1, round(b·d/2)) for every projection of every block (2·d·r·4 / 4d² = 2r/d). */
    public static ModelPlan svdMatrix(VitShape shape, double budget) {
        requireBudget(budget);
        int rank = (int) Math.max(1, Math.min(shape.width(), Math.round(budget * shape.width() / 2)));
        return uniform(shape, new MatrixLevelBlock(rank, rank, rank, rank));
    }

    /**
     * head-prune: keeps the max(1, round(b·h·depth)) heads with the highest scores over the whole model; a block may
     * keep no head. Equal scores keep the earlier block, then the lower head index.
     *
     * @param headScores importance per block and head, {@code [depth][heads]}, finite
     */
    public static ModelPlan headPrune(VitShape shape, double budget, double[][] headScores) {
        requireBudget(budget);
        requireScores(shape, headScores);
        int heads = shape.heads();
        int keep = (int) Math.max(1, Math.round(budget * heads * shape.depth()));
        List<Integer> ranked = new ArrayList<>();
        for (int index = 0; index < heads * shape.depth(); index++) {
            ranked.add(index);
        }
        ranked.sort(Comparator.comparingDouble((Integer index) -> -headScores[index / heads][index % heads])
                .thenComparingInt(index -> index));
        List<List<Integer>> kept = new ArrayList<>();
        for (int block = 0; block < shape.depth(); block++) {
            kept.add(new ArrayList<>());
        }
        for (int index : ranked.subList(0, keep)) {
            kept.get(index / heads).add(index % heads);
        }
        List<BlockPlan> blocks = new ArrayList<>();
        for (List<Integer> blockHeads : kept) {
            Collections.sort(blockHeads);
            blocks.add(HeadLevelBlock.kept(blockHeads, shape.headWidth()));
        }
        return new ModelPlan(shape, blocks, null);
    }

    /** comcat with explicit per-head ranks per block: qk and vo each list one rank in [1, d_h] per block. */
    public static ModelPlan comcatRanks(VitShape shape, RankSpec ranks) {
        requireRanks(shape, ranks, shape.headWidth());
        List<BlockPlan> blocks = new ArrayList<>();
        for (int block = 0; block < shape.depth(); block++) {
            blocks.add(new HeadLevelBlock(
                    shape.heads(), ranks.qk().get(block), ranks.vo().get(block)));
        }
        return new ModelPlan(shape, blocks, null);
    }

    /** svd-matrix with explicit ranks per block: r_q = r_k = the qk rank, r_v = r_o = the vo rank, in [1, d]. */
    public static ModelPlan svdMatrixRanks(VitShape shape, RankSpec ranks) {
        requireRanks(shape, ranks, shape.width());
        List<BlockPlan> blocks = new ArrayList<>();
        for (int block = 0; block < shape.depth(); block++) {
            int qk = ranks.qk().get(block);
            int vo = ranks.vo().get(block);
            blocks.add(new MatrixLevelBlock(qk, qk, vo, vo));
        }
        return new ModelPlan(shape, blocks, null);
    }

    private static ModelPlan uniform(VitShape shape, BlockPlan block) {
        return new ModelPlan(shape, Collections.nCopies(shape.depth(), block), null);
    }

    private static void requireBudget(double budget) {
        if (!(budget > 0 && budget <= 1)) {
            throw ValidationException.of("budget", "must be in (0, 1], was " + budget);
        }
    }

    private static void requireScores(VitShape shape, double[][] headScores) {
        List<Problem> problems = new ArrayList<>();
        if (headScores.length != shape.depth()) {
            problems.add(new Problem("headScores", "needs " + shape.depth() + " blocks, has " + headScores.length));
        }
        for (int block = 0; block < headScores.length; block++) {
            double[] scores = headScores[block];
            if (scores.length != shape.heads()) {
                problems.add(new Problem(
                        "headScores[" + block + "]", "needs " + shape.heads() + " heads, has " + scores.length));
            }
            for (int head = 0; head < scores.length; head++) {
                if (!Double.isFinite(scores[head])) {
                    problems.add(new Problem(
                            "headScores[" + block + "][" + head + "]", "must be finite, was " + scores[head]));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static void requireRanks(VitShape shape, RankSpec ranks, int max) {
        List<Problem> problems = new ArrayList<>();
        rankProblems(problems, "ranks.qk", ranks.qk(), shape.depth(), max);
        rankProblems(problems, "ranks.vo", ranks.vo(), shape.depth(), max);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static void rankProblems(List<Problem> problems, String path, List<Integer> ranks, int depth, int max) {
        if (ranks.size() != depth) {
            problems.add(new Problem(path, "needs one rank per block (" + depth + "), has " + ranks.size()));
        }
        for (int block = 0; block < ranks.size(); block++) {
            Integer rank = ranks.get(block);
            if (rank == null || rank < 1 || rank > max) {
                problems.add(new Problem(path + "[" + block + "]", "must be in [1, " + max + "], was " + rank));
            }
        }
    }
}
