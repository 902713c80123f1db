package org.ranksweep.worker.compress;

/**
 * The weights of one dense multi-head attention sublayer: four Linear(d→d, bias) in the row-vector convention
 * {@code y = x·W + b}, each W stored {@code [in][out]}. Head i uses columns {@code [i·d_h, (i+1)·d_h)} of wq, wk,
 * wv and rows {@code [i·d_h, (i+1)·d_h)} of wo. The arrays are not copied: treat them as read-only once wrapped;
 * then the record is safe to share between threads.
 *
 * @param width d
 * @param heads h; width must be a multiple of it
 */
public record DenseAttention(
        int width,
        int heads,
        float[][] wq,
        float[][] wk,
        float[][] wv,
        float[][] wo,
        float[] bq,
        float[] bk,
        float[] bv,
        float[] bo) {

    public DenseAttention {
        if (heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " must be a positive multiple of heads " + heads);
        }
        Matrices.requireShape("wq", wq, width, width);
        Matrices.requireShape("wk", wk, width, width);
        Matrices.requireShape("wv", wv, width, width);
        Matrices.requireShape("wo", wo, width, width);
        Matrices.requireLength("bq", bq, width);
        Matrices.requireLength("bk", bk, width);
        Matrices.requireLength("bv", bv, width);
        Matrices.requireLength("bo", bo, width);
    }

    /** Width of one head, d_h = d / h. */
    public int headWidth() {
        return width / heads;
    }
}
