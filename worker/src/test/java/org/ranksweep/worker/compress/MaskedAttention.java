package org.ranksweep.worker.compress;

import org.ejml.simple.SimpleMatrix;

/**
 * An independent dense attention for tests, written with EJML matrices: the sum of the kept heads' contributions
 * {@code softmax(Q_i K_iᵀ/√d_h)·V_i·W_O^i} plus the output bias.
 */
final class MaskedAttention {

    private MaskedAttention() {}

    static float[][] forward(DenseAttention attention, float[][] x, boolean[] keep) {
        SimpleMatrix input = ComcatFactorizerTest.columns(x, 0, x[0].length);
        int width = attention.width();
        int headWidth = attention.headWidth();
        SimpleMatrix q = project(input, attention.wq(), attention.bq());
        SimpleMatrix k = project(input, attention.wk(), attention.bk());
        SimpleMatrix v = project(input, attention.wv(), attention.bv());
        SimpleMatrix out = new SimpleMatrix(x.length, width);
        for (int head = 0; head < attention.heads(); head++) {
            if (!keep[head]) {
                continue;
            }
            int start = head * headWidth;
            SimpleMatrix logits = q.extractMatrix(0, x.length, start, start + headWidth)
                    .mult(k.extractMatrix(0, x.length, start, start + headWidth).transpose())
                    .divide(Math.sqrt(headWidth));
            SimpleMatrix values = v.extractMatrix(0, x.length, start, start + headWidth);
            SimpleMatrix outputRows = ComcatFactorizerTest.rows(attention.wo(), start, headWidth);
            out = out.plus(softmaxRows(logits).mult(values).mult(outputRows));
        }
        float[][] result = new float[x.length][width];
        for (int row = 0; row < x.length; row++) {
            for (int column = 0; column < width; column++) {
                result[row][column] = (float) (out.get(row, column) + attention.bo()[column]);
            }
        }
        return result;
    }

    private static SimpleMatrix project(SimpleMatrix input, float[][] w, float[] b) {
        SimpleMatrix result = input.mult(ComcatFactorizerTest.columns(w, 0, w[0].length));
        for (int row = 0; row < result.getNumRows(); row++) {
            for (int column = 0; column < result.getNumCols(); column++) {
                result.set(row, column, result.get(row, column) + b[column]);
            }
        }
        return result;
    }

    private static SimpleMatrix softmaxRows(SimpleMatrix logits) {
        SimpleMatrix result = logits.copy();
        for (int row = 0; row < logits.getNumRows(); row++) {
            double sum = 0;
            for (int column = 0; column < logits.getNumCols(); column++) {
                double value = Math.exp(logits.get(row, column));
                result.set(row, column, value);
                sum += value;
            }
            for (int column = 0; column < logits.getNumCols(); column++) {
                result.set(row, column, result.get(row, column) / sum);
            }
        }
        return result;
    }
}
