package org.ranksweep.worker.compress;

import java.util.List;

/**
 * Importance scores of attention heads for head pruning, over each head's weights: its q, k, v columns and its o
 * rows (biases are not scored). Stateless, thread-safe.
 */
public final class HeadImportance {

    private HeadImportance() {}

    /** Sum of absolute weights of each head. */
    public static double[] l1(DenseAttention attention) {
        return perHead(attention, attention, (weight, ignored) -> Math.abs(weight));
    }

    /**
     * First-order Taylor importance of each head: per batch b, {@code |Σ_{w in head} w·g_b|} (the estimated loss
     * change of zeroing the head on that batch), averaged over the batches. Taking the absolute value per batch
     * keeps batches whose estimates have opposite signs from cancelling each other out.
     *
     * @param weights        the attention weights
     * @param batchGradients loss gradients of the same weights, same shapes, one per batch (at least one)
     */
    public static double[] taylor(DenseAttention weights, List<DenseAttention> batchGradients) {
        if (batchGradients.isEmpty()) {
            throw new IllegalArgumentException("taylor importance needs the gradients of at least one batch");
        }
        double[] scores = new double[weights.heads()];
        for (DenseAttention grads : batchGradients) {
            if (weights.width() != grads.width() || weights.heads() != grads.heads()) {
                throw new IllegalArgumentException(
                        "grads must have the weights' shape: width " + weights.width() + ", heads " + weights.heads());
            }
            double[] batchScores = perHead(weights, grads, (weight, grad) -> weight * grad);
            for (int head = 0; head < scores.length; head++) {
                scores[head] += Math.abs(batchScores[head]) / batchGradients.size();
            }
        }
        return scores;
    }

    private interface Term {
        double of(double weight, double other);
    }

    private static double[] perHead(DenseAttention weights, DenseAttention others, Term term) {
        int headWidth = weights.headWidth();
        double[] scores = new double[weights.heads()];
        float[][][] columnWise = {weights.wq(), weights.wk(), weights.wv()};
        float[][][] columnWiseOthers = {others.wq(), others.wk(), others.wv()};
        for (int matrix = 0; matrix < columnWise.length; matrix++) {
            for (int row = 0; row < weights.width(); row++) {
                for (int column = 0; column < weights.width(); column++) {
                    scores[column / headWidth] +=
                            term.of(columnWise[matrix][row][column], columnWiseOthers[matrix][row][column]);
                }
            }
        }
        for (int row = 0; row < weights.width(); row++) {
            for (int column = 0; column < weights.width(); column++) {
                scores[row / headWidth] += term.of(weights.wo()[row][column], others.wo()[row][column]);
            }
        }
        return scores;
    }
}
