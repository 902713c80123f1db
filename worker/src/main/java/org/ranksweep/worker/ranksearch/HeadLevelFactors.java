package org.ranksweep.worker.ranksearch;

import org.ranksweep.worker.compress.BiasFolding;
import org.ranksweep.worker.compress.HeadLevelAttention;
import org.ranksweep.worker.compress.ProductSvd;
import org.ranksweep.worker.compress.Svd;

/**
 * Re-factorisation, truncation and merging of head-level attention weights for the rank-search supernet.
 * {@link #refactorize} puts every head's current W_QK = W_Q·W_Kᵀ and W_VO = W_V·W_O into SVD order at the same
 * width (query = U, key = V·Σ, value = U, output rows = Σ·Vᵀ, as {@code ComcatFactorizer} does), with biases moved
 * as {@link BiasFolding} says, so that the layer's output is unchanged. In SVD order a rank-r truncation is the first r components of every head.
 * Stateless, thread-safe.
 */
final class HeadLevelFactors {

    private HeadLevelFactors() {}

    /** The same layer with every head's products in SVD order, keeping the per-head widths. */
    static HeadLevelAttention refactorize(HeadLevelAttention layer) {
        int width = layer.width();
        int heads = layer.heads();
        int qk = layer.qkRank();
        int vo = layer.voRank();
        float[][] wq = new float[width][heads * qk];
        float[][] wk = new float[width][heads * qk];
        float[][] wv = new float[width][heads * vo];
        float[][] wo = new float[heads * vo][width];
        float[] bq = new float[heads * qk];
        for (int head = 0; head < heads; head++) {
            Svd qkSvd = ProductSvd.of(
                    FactorArrays.columns(layer.wq(), head * qk, qk), FactorArrays.columns(layer.wk(), head * qk, qk));
            FactorArrays.putColumns(wq, head * qk, qkSvd.u(), null);
            FactorArrays.putColumns(wk, head * qk, qkSvd.v(), qkSvd.s());
            BiasFolding.queryBias(layer.bq(), layer.wk(), head * qk, qk, qkSvd, qkSvd.size(), bq, head * qk);
            Svd voSvd = ProductSvd.of(
                    FactorArrays.columns(layer.wv(), head * vo, vo),
                    FactorArrays.rowsTransposed(layer.wo(), head * vo, vo));
            FactorArrays.putColumns(wv, head * vo, voSvd.u(), null);
            FactorArrays.putRows(wo, head * vo, voSvd.v(), voSvd.s());
        }
        return new HeadLevelAttention(
                width,
                heads,
                qk,
                vo,
                layer.scaleHeadWidth(),
                wq,
                wk,
                wv,
                wo,
                bq,
                new float[heads * qk],
                new float[heads * vo],
                BiasFolding.valueBiasIntoOutput(layer.bo(), layer.bv(), layer.wo(), row -> true));
    }

    /** The first {@code qkRank} query/key and {@code voRank} value/output components of every head. */
    static HeadLevelAttention truncate(HeadLevelAttention layer, int qkRank, int voRank) {
        int heads = layer.heads();
        float[][] wq = new float[layer.width()][heads * qkRank];
        float[][] wk = new float[layer.width()][heads * qkRank];
        float[][] wv = new float[layer.width()][heads * voRank];
        float[][] wo = new float[heads * voRank][];
        float[] bq = new float[heads * qkRank];
        float[] bk = new float[heads * qkRank];
        float[] bv = new float[heads * voRank];
        for (int head = 0; head < heads; head++) {
            copyHeadColumns(layer.wq(), head * layer.qkRank(), wq, head * qkRank, qkRank);
            copyHeadColumns(layer.wk(), head * layer.qkRank(), wk, head * qkRank, qkRank);
            copyHeadColumns(layer.wv(), head * layer.voRank(), wv, head * voRank, voRank);
            System.arraycopy(layer.bq(), head * layer.qkRank(), bq, head * qkRank, qkRank);
            System.arraycopy(layer.bk(), head * layer.qkRank(), bk, head * qkRank, qkRank);
            System.arraycopy(layer.bv(), head * layer.voRank(), bv, head * voRank, voRank);
            for (int index = 0; index < voRank; index++) {
                wo[head * voRank + index] = layer.wo()[head * layer.voRank() + index].clone();
            }
        }
        return new HeadLevelAttention(
                layer.width(),
                heads,
                qkRank,
                voRank,
                layer.scaleHeadWidth(),
                wq,
                wk,
                wv,
                wo,
                bq,
                bk,
                bv,
                layer.bo().clone());
    }

    /**
     * The supernet layer with the leading components of every head replaced by those of {@code trained} (a
     * truncation of it, trained since) and its output bias taken from {@code trained}; the tail components the
     * truncation dropped stay as they were.
     */
    static HeadLevelAttention merge(HeadLevelAttention supernet, HeadLevelAttention trained) {
        int heads = supernet.heads();
        int qk = trained.qkRank();
        int vo = trained.voRank();
        float[][] wq = FactorArrays.copy(supernet.wq());
        float[][] wk = FactorArrays.copy(supernet.wk());
        float[][] wv = FactorArrays.copy(supernet.wv());
        float[][] wo = FactorArrays.copy(supernet.wo());
        float[] bq = supernet.bq().clone();
        float[] bk = supernet.bk().clone();
        float[] bv = supernet.bv().clone();
        for (int head = 0; head < heads; head++) {
            copyHeadColumns(trained.wq(), head * qk, wq, head * supernet.qkRank(), qk);
            copyHeadColumns(trained.wk(), head * qk, wk, head * supernet.qkRank(), qk);
            copyHeadColumns(trained.wv(), head * vo, wv, head * supernet.voRank(), vo);
            System.arraycopy(trained.bq(), head * qk, bq, head * supernet.qkRank(), qk);
            System.arraycopy(trained.bk(), head * qk, bk, head * supernet.qkRank(), qk);
            System.arraycopy(trained.bv(), head * vo, bv, head * supernet.voRank(), vo);
            for (int index = 0; index < vo; index++) {
                wo[head * supernet.voRank() + index] = trained.wo()[head * vo + index].clone();
            }
        }
        return new HeadLevelAttention(
                supernet.width(),
                heads,
                supernet.qkRank(),
                supernet.voRank(),
                supernet.scaleHeadWidth(),
                wq,
                wk,
                wv,
                wo,
                bq,
                bk,
                bv,
                trained.bo().clone());
    }

    private static void copyHeadColumns(float[][] from, int fromOffset, float[][] to, int toOffset, int count) {
        for (int row = 0; row < from.length; row++) {
            System.arraycopy(from[row], fromOffset, to[row], toOffset, count);
        }
    }
}
