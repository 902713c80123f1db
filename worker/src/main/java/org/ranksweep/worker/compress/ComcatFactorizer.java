package org.ranksweep.worker.compress;

import java.util.List;
import java.util.stream.IntStream;

/**
 * COMCAT head-level factorization of a dense attention sublayer: per head, truncated SVDs of the products
 * {@code W_QK^i} and {@code W_VO^i}, with all singular values on the key and output side (query = U_r,
 * key = V_r Σ_r, value = U_r, output rows = Σ_r V_rᵀ). Biases are moved as {@link BiasFolding} says (exact at
 * full rank). Stateless, thread-safe.
 */
public final class ComcatFactorizer {

    private ComcatFactorizer() {}

    /**
     * The exact per-head SVDs of W_QK and W_VO, one {@link HeadFactors} per head (thin-QR route). Heads are
     * independent, so they run in parallel on the common fork-join pool; the result does not depend on it.
     */
    public static List<HeadFactors> decompose(DenseAttention attention) {
        return IntStream.range(0, attention.heads())
                .parallel()
                .mapToObj(head -> decomposeHead(attention, head))
                .toList();
    }

    private static HeadFactors decomposeHead(DenseAttention attention, int head) {
        int headWidth = attention.headWidth();
        int start = head * headWidth;
        Svd qk = ProductSvd.of(
                Matrices.columns(attention.wq(), start, headWidth), Matrices.columns(attention.wk(), start, headWidth));
        Svd vo = ProductSvd.of(
                Matrices.columns(attention.wv(), start, headWidth),
                Matrices.rowsTransposed(attention.wo(), start, headWidth));
        return new HeadFactors(qk, vo);
    }

    /** Factorizes every head at per-head ranks {@code qkRank} and {@code voRank}, each in [1, d_h]. */
    public static HeadLevelAttention factorize(DenseAttention attention, int qkRank, int voRank) {
        return factorize(attention, decompose(attention), qkRank, voRank);
    }

    /** As {@link #factorize(DenseAttention, int, int)}, reusing SVDs from {@link #decompose(DenseAttention)}. */
    public static HeadLevelAttention factorize(
            DenseAttention attention, List<HeadFactors> factors, int qkRank, int voRank) {
        requireRank("qkRank", qkRank, attention.headWidth());
        requireRank("voRank", voRank, attention.headWidth());
        int width = attention.width();
        int heads = attention.heads();
        float[][] wq = Matrices.zeros(width, heads * qkRank);
        float[][] wk = Matrices.zeros(width, heads * qkRank);
        float[][] wv = Matrices.zeros(width, heads * voRank);
        float[][] wo = Matrices.zeros(heads * voRank, width);
        float[] bq = new float[heads * qkRank];
        for (int head = 0; head < heads; head++) {
            HeadFactors headFactors = factors.get(head);
            placeLeft(wq, headFactors.qk(), head * qkRank, qkRank);
            placeScaledRight(wk, headFactors.qk(), head * qkRank, qkRank);
            placeLeft(wv, headFactors.vo(), head * voRank, voRank);
            placeScaledRightTransposed(wo, headFactors.vo(), head * voRank, voRank);
            BiasFolding.queryBias(
                    attention.bq(),
                    attention.wk(),
                    head * attention.headWidth(),
                    attention.headWidth(),
                    headFactors.qk(),
                    qkRank,
                    bq,
                    head * qkRank);
        }
        return new HeadLevelAttention(
                width,
                heads,
                qkRank,
                voRank,
                attention.headWidth(),
                wq,
                wk,
                wv,
                wo,
                bq,
                new float[heads * qkRank],
                new float[heads * voRank],
                BiasFolding.valueBiasIntoOutput(attention.bo(), attention.bv(), attention.wo(), row -> true));
    }

    /**
     * Relative Frobenius error of the truncated products over all heads:
     * {@code sqrt(Σ_i ‖W_QK^i − W_QK^i(r_qk)‖² + ‖W_VO^i − W_VO^i(r_vo)‖²) / sqrt(Σ_i ‖W_QK^i‖² + ‖W_VO^i‖²)},
     * from the singular values. 0 at full rank.
     */
    public static double reconstructionError(DenseAttention attention, int qkRank, int voRank) {
        return reconstructionError(decompose(attention), qkRank, voRank);
    }

    /** As {@link #reconstructionError(DenseAttention, int, int)}, from precomputed per-head SVDs. */
    public static double reconstructionError(List<HeadFactors> factors, int qkRank, int voRank) {
        double residual = 0;
        double total = 0;
        for (HeadFactors head : factors) {
            residual += head.qk().tailEnergy(qkRank) + head.vo().tailEnergy(voRank);
            total += head.qk().tailEnergy(0) + head.vo().tailEnergy(0);
        }
        return total == 0 ? 0 : Math.sqrt(residual / total);
    }

    private static void placeLeft(float[][] target, Svd svd, int offset, int rank) {
        for (int row = 0; row < target.length; row++) {
            for (int index = 0; index < rank; index++) {
                target[row][offset + index] = (float) svd.u()[row][index];
            }
        }
    }

    private static void placeScaledRight(float[][] target, Svd svd, int offset, int rank) {
        for (int row = 0; row < target.length; row++) {
            for (int index = 0; index < rank; index++) {
                target[row][offset + index] = (float) (svd.v()[row][index] * svd.s()[index]);
            }
        }
    }

    private static void placeScaledRightTransposed(float[][] target, Svd svd, int offset, int rank) {
        for (int index = 0; index < rank; index++) {
            for (int column = 0; column < target[0].length; column++) {
                target[offset + index][column] = (float) (svd.s()[index] * svd.v()[column][index]);
            }
        }
    }

    static void requireRank(String name, int rank, int max) {
        if (rank < 1 || rank > max) {
            throw new IllegalArgumentException(name + " must be in [1, " + max + "], was " + rank);
        }
    }
}
