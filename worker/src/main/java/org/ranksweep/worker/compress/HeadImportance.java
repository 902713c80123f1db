package org.ranksweep.worker.compress;

/**
 * Importance scores of attention heads for head pruning, over each head's weights: its q, k, v columns and its o
 * rows (biases are not scored). Stateless, thread-safe.
 */
public final class HeadImportance {

    private HeadImportance() {
    }

    /** Sum of absolute weights of each head. */
    public static double[] l1(DenseAttention attention) {
        return perHead(attention, attention, (weight, ignored) -> Math.abs(weight));
    }

    /**
     * First-order Taylor importance {@code |Σ w·g|} of each head: the estimated loss change of zeroing the head.
     *
     * @param weights the attention weights
     * @param grads   loss gradients of the same weights, same shapes (accumulated over a few batches)
     */
    public static double[] taylor(DenseAttention weights, DenseAttention grads) {
        if (weights.width() != grads.width() || weights.heads() != grads.heads()) {
            throw new IllegalArgumentException("grads must have the weights' shape: width " + weights.width()
                    + ", heads " + weights.heads());
        }
        double[] scores = perHead(weights, grads, (weight, grad) -> weight * grad);
        for (int head = 0; head < scores.length; head++) {
            scores[head] = Math.abs(scores[head]);
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
                    scores[column / headWidth] += term.of(columnWise[matrix][row][column],
                            columnWiseOthers[matrix][row][column]);
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
