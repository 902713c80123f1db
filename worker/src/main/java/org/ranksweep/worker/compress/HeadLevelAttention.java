package org.ranksweep.worker.compress;

/**
 * The weights of a head-level attention sublayer: an ordinary MHA with {@code heads} heads of query/key width
 * {@code qkRank} and value/output width {@code voRank}, softmax scale {@code 1/√scaleHeadWidth} (the ORIGINAL head
 * width). wq, wk are d×(heads·qkRank), wv is d×(heads·voRank), wo is (heads·voRank)×d; head i occupies columns
 * (rows for wo) {@code [i·r, (i+1)·r)}. With zero heads only the output bias remains. The arrays are not copied:
 * treat them as read-only once wrapped; then the record is safe to share between threads.
 */
public record HeadLevelAttention(
        int width,
        int heads,
        int qkRank,
        int voRank,
        int scaleHeadWidth,
        float[][] wq,
        float[][] wk,
        float[][] wv,
        float[][] wo,
        float[] bq,
        float[] bk,
        float[] bv,
        float[] bo) {

    public HeadLevelAttention {
        if (heads < 0 || qkRank < 1 || voRank < 1 || scaleHeadWidth < 1) {
            throw new IllegalArgumentException("heads " + heads + " must be >= 0 and qkRank " + qkRank + ", voRank "
                    + voRank + ", scaleHeadWidth " + scaleHeadWidth + " >= 1");
        }
        Matrices.requireShape("wq", wq, width, heads * qkRank);
        Matrices.requireShape("wk", wk, width, heads * qkRank);
        Matrices.requireShape("wv", wv, width, heads * voRank);
        Matrices.requireShape("wo", wo, heads * voRank, width);
        Matrices.requireLength("bq", bq, heads * qkRank);
        Matrices.requireLength("bk", bk, heads * qkRank);
        Matrices.requireLength("bv", bv, heads * voRank);
        Matrices.requireLength("bo", bo, width);
    }
}
