package org.ranksweep.core.cost;

import org.ranksweep.core.model.VitShape;

/**
 * A block whose attention stays dense (four Linear(d→d, bias)). Immutable and thread-safe.
 *
 * @param fc1Rank plain-SVD rank of fc1, or null for dense
 * @param fc2Rank plain-SVD rank of fc2, or null for dense
 */
public record DenseBlock(Integer fc1Rank, Integer fc2Rank) implements BlockPlan {

    public DenseBlock {
        BlockPlan.requirePositive("fc1Rank", fc1Rank);
        BlockPlan.requirePositive("fc2Rank", fc2Rank);
    }

    /** A fully dense block. */
    public DenseBlock() {
        this(null, null);
    }

    @Override
    public Cost attentionCost(VitShape shape) {
        return AttentionCost.dense(shape);
    }

    @Override
    public long attentionWeights(VitShape shape) {
        return AttentionCost.denseWeights(shape);
    }

    @Override
    public DenseBlock withMlpRanks(Integer fc1, Integer fc2) {
        return new DenseBlock(fc1, fc2);
    }
}
