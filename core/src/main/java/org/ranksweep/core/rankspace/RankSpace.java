package org.ranksweep.core.rankspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSpec;

/**
 * The candidate per-head ranks of every block's query/key and value/output products for a comcat (head-level)
 * plan; a layer with one candidate is fixed, not searched. Prices a choice with {@link ModelCost} on the plan
 * {@link BudgetAllocator#comcatRanks} builds. Immutable, thread-safe.
 *
 * @param shape the architecture
 * @param qk    candidates per block, each ascending and distinct, in [1, d_h]
 * @param vo    candidates per block, likewise
 */
public record RankSpace(VitShape shape, List<List<Integer>> qk, List<List<Integer>> vo) {

    public RankSpace {
        qk = copy(qk);
        vo = copy(vo);
        List<Problem> problems = new ArrayList<>();
        candidateProblems(problems, "ranks.qk", qk, shape);
        candidateProblems(problems, "ranks.vo", vo, shape);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** The same candidates in every block. */
    public static RankSpace uniform(VitShape shape, List<Integer> qk, List<Integer> vo) {
        return new RankSpace(shape, Collections.nCopies(shape.depth(), qk), Collections.nCopies(shape.depth(), vo));
    }

    /** The default comcat-auto candidates of the architecture ({@link RankCandidates#defaults}) in every block. */
    public static RankSpace defaults(VitShape shape) {
        RankCandidates candidates = RankCandidates.defaults(shape);
        return uniform(shape, candidates.qk(), candidates.vo());
    }

    /** Number of coordinates: qk of blocks 0..depth-1, then vo of blocks 0..depth-1. */
    int coordinates() {
        return 2 * shape.depth();
    }

    /** The candidates of one coordinate. */
    List<Integer> candidates(int coordinate) {
        int depth = shape.depth();
        return coordinate < depth ? qk.get(coordinate) : vo.get(coordinate - depth);
    }

    /** The rank vector chosen by one candidate index per coordinate. */
    RankSpec ranks(int[] choice) {
        int depth = shape.depth();
        List<Integer> qkRanks = new ArrayList<>();
        List<Integer> voRanks = new ArrayList<>();
        for (int block = 0; block < depth; block++) {
            qkRanks.add(qk.get(block).get(choice[block]));
            voRanks.add(vo.get(block).get(choice[depth + block]));
        }
        return new RankSpec(qkRanks, voRanks);
    }

    /** Parameters of the whole model with these ranks. */
    public long params(RankSpec ranks) {
        return ModelCost.of(BudgetAllocator.comcatRanks(shape, ranks)).params();
    }

    /** Number of distinct vectors, saturating at {@link Long#MAX_VALUE}. */
    public long size() {
        long size = 1;
        for (int c = 0; c < coordinates(); c++) {
            int count = candidates(c).size();
            size = size > Long.MAX_VALUE / count ? Long.MAX_VALUE : size * count;
        }
        return size;
    }

    private static List<List<Integer>> copy(List<List<Integer>> perBlock) {
        return perBlock.stream().map(List::copyOf).toList();
    }

    private static void candidateProblems(
            List<Problem> problems, String path, List<List<Integer>> perBlock, VitShape shape) {
        if (perBlock.size() != shape.depth()) {
            problems.add(new Problem(
                    path, "needs candidates for each of " + shape.depth() + " blocks, has " + perBlock.size()));
        }
        for (int block = 0; block < perBlock.size(); block++) {
            List<Integer> candidates = perBlock.get(block);
            String at = path + "[" + block + "]";
            if (candidates.isEmpty()) {
                problems.add(new Problem(at, "needs at least one candidate rank"));
            }
            for (int i = 0; i < candidates.size(); i++) {
                int rank = candidates.get(i);
                if (rank < 1 || rank > shape.headWidth()) {
                    problems.add(new Problem(at, "ranks must be in [1, " + shape.headWidth() + "], was " + rank));
                } else if (i > 0 && rank <= candidates.get(i - 1)) {
                    problems.add(new Problem(at, "ranks must be ascending and distinct, were " + candidates));
                }
            }
        }
    }
}
