package org.ranksweep.worker.compress;

/**
 * A plain-Java reference forward pass of one attention sublayer (no LayerNorm, no residual) in double precision,
 * for checking factorizations and the DJL model against each other. Input and output are N×d token matrices.
 * Stateless, thread-safe.
 */
public final class AttentionMath {

    private AttentionMath() {}

    /** Dense multi-head attention with softmax scale 1/√d_h. */
    public static float[][] forward(DenseAttention attention, float[][] x) {
        double[][] input = Matrices.toDouble(x);
        int headWidth = attention.headWidth();
        double[][] mixed = attend(
                affine(input, attention.wq(), attention.bq()),
                affine(input, attention.wk(), attention.bk()),
                affine(input, attention.wv(), attention.bv()),
                new HeadLayout(attention.heads(), headWidth, headWidth, headWidth));
        return toFloat(affine(mixed, attention.wo(), attention.bo()));
    }

    /** Head-level attention with softmax scale 1/√scaleHeadWidth; zero heads give the output bias on every token. */
    public static float[][] forward(HeadLevelAttention attention, float[][] x) {
        double[][] input = Matrices.toDouble(x);
        double[][] mixed = attend(
                affine(input, attention.wq(), attention.bq()),
                affine(input, attention.wk(), attention.bk()),
                affine(input, attention.wv(), attention.bv()),
                new HeadLayout(attention.heads(), attention.qkRank(), attention.voRank(), attention.scaleHeadWidth()));
        return toFloat(affine(mixed, attention.wo(), attention.bo()));
    }

    /** Matrix-level attention: every projection is two factors; heads keep width d/h. */
    public static float[][] forward(MatrixLevelAttention attention, float[][] x) {
        double[][] input = Matrices.toDouble(x);
        int headWidth = attention.width() / attention.heads();
        double[][] mixed = attend(
                lowRank(input, attention.q()),
                lowRank(input, attention.k()),
                lowRank(input, attention.v()),
                new HeadLayout(attention.heads(), headWidth, headWidth, headWidth));
        return toFloat(lowRank(mixed, attention.o()));
    }

    /** {@code (x·first)·second + bias} for every token. */
    public static float[][] forward(LowRankLinear linear, float[][] x) {
        return toFloat(lowRank(Matrices.toDouble(x), linear));
    }

    private record HeadLayout(int heads, int qkWidth, int voWidth, int scaleWidth) {}

    private static double[][] attend(double[][] q, double[][] k, double[][] v, HeadLayout layout) {
        int tokens = q.length;
        double scale = 1 / Math.sqrt(layout.scaleWidth());
        double[][] mixed = new double[tokens][layout.heads() * layout.voWidth()];
        double[] weights = new double[tokens];
        for (int head = 0; head < layout.heads(); head++) {
            int qkStart = head * layout.qkWidth();
            int voStart = head * layout.voWidth();
            for (int query = 0; query < tokens; query++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int key = 0; key < tokens; key++) {
                    double logit = 0;
                    for (int c = 0; c < layout.qkWidth(); c++) {
                        logit += q[query][qkStart + c] * k[key][qkStart + c];
                    }
                    weights[key] = logit * scale;
                    max = Math.max(max, weights[key]);
                }
                double sum = 0;
                for (int key = 0; key < tokens; key++) {
                    weights[key] = Math.exp(weights[key] - max);
                    sum += weights[key];
                }
                for (int key = 0; key < tokens; key++) {
                    double weight = weights[key] / sum;
                    for (int c = 0; c < layout.voWidth(); c++) {
                        mixed[query][voStart + c] += weight * v[key][voStart + c];
                    }
                }
            }
        }
        return mixed;
    }

    private static double[][] lowRank(double[][] x, LowRankLinear linear) {
        return affine(affine(x, linear.first(), null), linear.second(), linear.bias());
    }

    /** x·w + b, with b null for no bias; w may have zero rows (then the result is b on every row). */
    private static double[][] affine(double[][] x, float[][] w, float[] b) {
        int out = b != null ? b.length : w[0].length;
        double[][] y = new double[x.length][out];
        for (int row = 0; row < x.length; row++) {
            for (int inner = 0; inner < w.length; inner++) {
                double value = x[row][inner];
                float[] weightRow = w[inner];
                for (int column = 0; column < out; column++) {
                    y[row][column] += value * weightRow[column];
                }
            }
            if (b != null) {
                for (int column = 0; column < out; column++) {
                    y[row][column] += b[column];
                }
            }
        }
        return y;
    }

    private static float[][] toFloat(double[][] matrix) {
        float[][] result = new float[matrix.length][];
        for (int row = 0; row < matrix.length; row++) {
            result[row] = new float[matrix[row].length];
            for (int column = 0; column < matrix[row].length; column++) {
                result[row][column] = (float) matrix[row][column];
            }
        }
        return result;
    }
}
