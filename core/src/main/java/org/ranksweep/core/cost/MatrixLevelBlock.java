package org.ranksweep.core.cost;

import org.ranksweep.core.model.VitShape;

/**
 * A block whose q, k, v and o are each replaced by Linear(d→r, no bias) then Linear(r→d, bias); heads keep their
 * full width. The svd-matrix baseline. Immutable and thread-safe.
 *
 * @param rq      rank of the query projection
 * @param rk      rank of the key projection
 * @param rv      rank of the value projection
 * @param ro      rank of the output projection
 * @param fc1Rank plain-SVD rank of fc1, or null for dense
 * @param fc2Rank plain-SVD rank of fc2, or null for dense
 */
public record MatrixLevelBlock(int rq, int rk, int rv, int ro, Integer fc1Rank, Integer fc2Rank) implements BlockPlan {

    public MatrixLevelBlock {
        BlockPlan.requirePositive("rq", rq);
        BlockPlan.requirePositive("rk", rk);
        BlockPlan.requirePositive("rv", rv);
        BlockPlan.requirePositive("ro", ro);
        BlockPlan.requirePositive("fc1Rank", fc1Rank);
        BlockPlan.requirePositive("fc2Rank", fc2Rank);
    }

    /** The four projections at the given ranks, MLP dense. */
    public MatrixLevelBlock(int rq, int rk, int rv, int ro) {
        this(rq, rk, rv, ro, null, null);
    }

    @Override
    public Cost attentionCost(VitShape shape) {
        return AttentionCost.matrixLevel(shape, rq, rk, rv, ro);
    }

    @Override
    public long attentionWeights(VitShape shape) {
        return AttentionCost.matrixLevelWeights(shape, rq, rk, rv, ro);
    }

    @Override
    public MatrixLevelBlock withMlpRanks(Integer fc1, Integer fc2) {
        return new MatrixLevelBlock(rq, rk, rv, ro, fc1, fc2);
    }
}
