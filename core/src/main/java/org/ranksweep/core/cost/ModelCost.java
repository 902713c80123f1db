package org.ranksweep.core.cost;

import org.ranksweep.core.model.VitShape;

/**
 * Parameters and MACs of a whole ViT under a {@link ModelPlan}, per the structure contract: patch embedding, class
 * token, position embedding, blocks (two LayerNorms, attention, MLP), final LayerNorm and classifier head on the
 * class token. Stateless, thread-safe.
 */
public final class ModelCost {

    private ModelCost() {}

    /** Total parameters and MACs per image of the model the plan describes. */
    public static Cost of(ModelPlan plan) {
        VitShape shape = plan.shape();
        int d = shape.width();
        Cost total = patchEmbedding(shape)
                .plus(new Cost(d + (long) shape.tokens() * d, 0))
                .plus(layerNorm(shape))
                .plus(classifier(shape, plan.headRank()));
        for (BlockPlan block : plan.blocks()) {
            total = total.plus(block(shape, block));
        }
        return total;
    }

    /** Parameters and MACs of the attention sublayers only (q, k, v, o and the attention matmuls). */
    public static Cost attention(ModelPlan plan) {
        Cost total = Cost.ZERO;
        for (BlockPlan block : plan.blocks()) {
            total = total.plus(block.attentionCost(plan.shape()));
        }
        return total;
    }

    /** Attention weights (biases excluded) as a fraction of the dense ones, 4d² per block: the achieved budget. */
    public static double attentionFraction(ModelPlan plan) {
        long weights = 0;
        for (BlockPlan block : plan.blocks()) {
            weights += block.attentionWeights(plan.shape());
        }
        return (double) weights
                / ((double) AttentionCost.denseWeights(plan.shape())
                        * plan.blocks().size());
    }

    /** One transformer block: two LayerNorms, attention, fc1 and fc2. */
    public static Cost block(VitShape shape, BlockPlan block) {
        int d = shape.width();
        int hidden = shape.mlpHidden();
        long tokens = shape.tokens();
        return layerNorm(shape)
                .times(2)
                .plus(block.attentionCost(shape))
                .plus(linear(d, hidden, block.fc1Rank(), tokens))
                .plus(linear(hidden, d, block.fc2Rank(), tokens));
    }

    /** Conv2d(c→d, kernel p, stride p, bias) over the N−1 patches. */
    public static Cost patchEmbedding(VitShape shape) {
        long kernel = (long) shape.channels() * shape.patch() * shape.patch();
        return new Cost(kernel * shape.width() + shape.width(), (shape.tokens() - 1L) * kernel * shape.width());
    }

    /** Classifier Linear(d→K, bias) on the class token only, dense or at the given SVD rank (null for dense). */
    public static Cost classifier(VitShape shape, Integer headRank) {
        return linear(shape.width(), shape.classes(), headRank, 1);
    }

    private static Cost layerNorm(VitShape shape) {
        return new Cost(2L * shape.width(), 0);
    }

    private static Cost linear(int in, int out, Integer rank, long tokens) {
        return rank == null ? LinearCost.dense(in, out, tokens) : LinearCost.svd(in, out, rank, tokens);
    }
}
