package org.ranksweep.worker.compress;

import java.util.function.IntPredicate;

/**
 * Where attention biases go when the projections they belong to change shape, so that the layer's output stays
 * the same (exact at full rank). The key bias adds a constant per query, which softmax cancels, so it is dropped.
 * The value bias of a head passes through attention rows summing to one, so it becomes {@code bv^h·Wo^h} in the
 * output bias. The query bias of a head whose W_QK is factored as {@code U·Σ·Vᵀ} becomes the least-squares solution
 * {@code c = bq^h·(Wk^h)ᵀ·V·Σ⁻¹} of {@code c·Σ·Vᵀ = bq^h·(Wk^h)ᵀ}, exact because {@code bq^h·(Wk^h)ᵀ} lies in the
 * row space of W_QK when W_Q has full column rank. Used by COMCAT's factorisation, the rank-search supernet and head
 * pruning. Stateless, thread-safe.
 */
public final class BiasFolding {

    /** Singular values below this fraction of the largest count as zero when inverting Σ. */
    private static final double RELATIVE_SINGULAR_FLOOR = 1e-10;

    private BiasFolding() {}

    /**
     * {@code bo + Σ bv[row]·wo[row]} over the value rows {@code folded} accepts: every row when all of the value
     * bias moves into the output bias, the rows of removed heads when heads are pruned.
     */
    public static float[] valueBiasIntoOutput(float[] bo, float[] bv, float[][] wo, IntPredicate folded) {
        float[] bias = new float[bo.length];
        for (int column = 0; column < bias.length; column++) {
            double sum = bo[column];
            for (int row = 0; row < bv.length; row++) {
                if (folded.test(row)) {
                    sum += (double) bv[row] * wo[row][column];
                }
            }
            bias[column] = (float) sum;
        }
        return bias;
    }

    /**
     * Writes the first {@code rank} components of a head's folded query bias {@code c = bq^h·(Wk^h)ᵀ·V·Σ⁻¹} to
     * {@code target[targetOffset ..]}; the head occupies columns {@code [start, start + headWidth)} of {@code bq}
     * and {@code wk}, and {@code qk} is the SVD of its W_QK. Components with a near-zero singular value get 0.
     */
    public static void queryBias(
            float[] bq, float[][] wk, int start, int headWidth, Svd qk, int rank, float[] target, int targetOffset) {
        double[] keyRow = new double[wk.length];
        for (int row = 0; row < keyRow.length; row++) {
            double sum = 0;
            for (int column = 0; column < headWidth; column++) {
                sum += bq[start + column] * wk[row][start + column];
            }
            keyRow[row] = sum;
        }
        double floor = qk.s()[0] * RELATIVE_SINGULAR_FLOOR;
        for (int index = 0; index < rank; index++) {
            if (qk.s()[index] <= floor) {
                continue;
            }
            double projection = 0;
            for (int row = 0; row < keyRow.length; row++) {
                projection += keyRow[row] * qk.v()[row][index];
            }
            target[targetOffset + index] = (float) (projection / qk.s()[index]);
        }
    }
}
