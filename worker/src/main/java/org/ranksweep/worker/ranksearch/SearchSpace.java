package org.ranksweep.worker.ranksearch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.cost.BlockPlan;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.cost.SearchableMatrix;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;

/**
 * The matrices one rank search chooses ranks for, with their candidate ranks and weights (biases excluded), and
 * the weight target {@code round((1 − ρ)·dense weights of those matrices)} (COMCAT.md §4). Per block QK then VO
 * (then fc1, fc2 when the MLP is searched), the classifier last. A choice is one candidate index per matrix, in
 * that order. Immutable and thread-safe.
 */
public final class SearchSpace {

    private final VitShape shape;
    private final List<Matrix> matrices;
    private final boolean searchMlp;
    private final long denseWeights;
    private final long targetWeights;

    private SearchSpace(VitShape shape, List<Matrix> matrices, boolean searchMlp, double rho) {
        this.shape = shape;
        this.matrices = List.copyOf(matrices);
        this.searchMlp = searchMlp;
        this.denseWeights = matrices.stream()
                .mapToLong(matrix -> matrix.kind().denseWeights(shape))
                .sum();
        this.targetWeights = Math.round((1 - rho) * denseWeights);
    }

    /**
     * One searchable matrix.
     *
     * @param kind       QK, VO, fc1, fc2 or the classifier
     * @param block      its block, or -1 for the classifier
     * @param candidates candidate ranks, ascending (per head for QK and VO)
     * @param weights    weights at each candidate rank
     */
    public record Matrix(SearchableMatrix kind, int block, List<Integer> candidates, long[] weights) {

        /** E.g. {@code qk.0} or {@code head}: how metrics name this matrix. */
        public String name() {
            return kind.perBlock() ? kind.key() + "." + block : kind.key();
        }

        /** The largest candidate rank, the width this matrix has in the supernet. */
        public int largest() {
            return candidates.get(candidates.size() - 1);
        }
    }

    /** The space of {@code spec} on {@code shape} for the parameter-reduction ratio {@code rho} in [0, 1). */
    public static SearchSpace of(VitShape shape, RankSearchSpec spec, double rho) {
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("rho must be in [0, 1), was " + rho);
        }
        RankCandidates candidates = spec.candidates();
        List<Matrix> matrices = new ArrayList<>();
        for (int block = 0; block < shape.depth(); block++) {
            matrices.add(matrix(shape, SearchableMatrix.QK, block, candidates.qk()));
            matrices.add(matrix(shape, SearchableMatrix.VO, block, candidates.vo()));
            if (spec.searchMlp()) {
                matrices.add(matrix(shape, SearchableMatrix.FC1, block, candidates.fc1()));
                matrices.add(matrix(shape, SearchableMatrix.FC2, block, candidates.fc2()));
            }
        }
        if (spec.searchMlp()) {
            matrices.add(matrix(shape, SearchableMatrix.HEAD, -1, candidates.head()));
        }
        return new SearchSpace(shape, matrices, spec.searchMlp(), rho);
    }

    private static Matrix matrix(VitShape shape, SearchableMatrix kind, int block, List<Integer> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate ranks for " + kind.key());
        }
        long[] weights =
                candidates.stream().mapToLong(rank -> kind.weights(shape, rank)).toArray();
        return new Matrix(kind, block, candidates, weights);
    }

    public VitShape shape() {
        return shape;
    }

    public List<Matrix> matrices() {
        return matrices;
    }

    public boolean searchMlp() {
        return searchMlp;
    }

    /** Dense weights of the searchable matrices. */
    public long denseWeights() {
        return denseWeights;
    }

    /** The weights the search aims at: (1 − ρ) of {@link #denseWeights()}, rounded. */
    public long targetWeights() {
        return targetWeights;
    }

    /** The choice of every matrix's largest candidate: the supernet's widths. */
    public int[] largest() {
        return matrices.stream()
                .mapToInt(matrix -> matrix.candidates().size() - 1)
                .toArray();
    }

    /** Weights of the searchable matrices under a choice. */
    public long weights(int[] choice) {
        long total = 0;
        for (int index = 0; index < matrices.size(); index++) {
            total += matrices.get(index).weights()[choice[index]];
        }
        return total;
    }

    /** The rank a choice gives each matrix, in matrix order. */
    public int[] ranks(int[] choice) {
        int[] ranks = new int[matrices.size()];
        for (int index = 0; index < ranks.length; index++) {
            ranks[index] = matrices.get(index).candidates().get(choice[index]);
        }
        return ranks;
    }

    /** The ranks of a choice by matrix name ({@code qk.0} → 12), in matrix order. */
    public Map<String, Integer> namedRanks(int[] choice) {
        Map<String, Integer> named = new LinkedHashMap<>();
        int[] ranks = ranks(choice);
        for (int index = 0; index < ranks.length; index++) {
            named.put(matrices.get(index).name(), ranks[index]);
        }
        return named;
    }

    /** The comcat plan of a choice: head-level attention at the chosen ranks, the MLP factorised when searched. */
    public ModelPlan plan(int[] choice) {
        int[] ranks = ranks(choice);
        int perBlock = searchMlp ? 4 : 2;
        List<BlockPlan> blocks = new ArrayList<>();
        for (int block = 0; block < shape.depth(); block++) {
            int at = block * perBlock;
            HeadLevelBlock attention = new HeadLevelBlock(shape.heads(), ranks[at], ranks[at + 1]);
            blocks.add(searchMlp ? attention.withMlpRanks(ranks[at + 2], ranks[at + 3]) : attention);
        }
        return new ModelPlan(shape, blocks, searchMlp ? ranks[ranks.length - 1] : null);
    }
}
