package org.ranksweep.worker.compress;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Plain two-factor SVD of one Linear weight (in×out): first factor U_r (in×r, no bias), second Σ_r V_rᵀ (r×out,
 * with the original bias). Used for svd-matrix attention and for fc1, fc2 and the classifier. Stateless,
 * thread-safe.
 */
public final class MatrixSvd {

    private MatrixSvd() {}

    /** The compact SVD of w (in×out): u in×k, s descending, v out×k, k = min(in, out). */
    public static Svd of(float[][] w) {
        if (w.length == 0 || w[0].length == 0) {
            throw new IllegalArgumentException("w must not be empty");
        }
        Matrices.requireShape("w", w, w.length, w[0].length);
        DMatrixRMaj matrix = Matrices.toEjml(Matrices.toDouble(w), w[0].length);
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(matrix.numRows, matrix.numCols, true, true, true);
        if (!svd.decompose(matrix)) {
            throw new IllegalStateException("SVD of a " + w.length + "×" + w[0].length + " matrix did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        DMatrixRMaj singular = svd.getW(null);
        SingularOps_DDRM.descendingOrder(u, false, singular, v, false);
        double[] s = new double[Math.min(singular.numRows, singular.numCols)];
        for (int index = 0; index < s.length; index++) {
            s[index] = singular.get(index, index);
        }
        return new Svd(Matrices.toArray(u), s, Matrices.toArray(v));
    }

    /** Factorizes w (in×out) with its bias at {@code rank} in [1, min(in, out)]. */
    public static LowRankLinear factorize(float[][] w, float[] bias, int rank) {
        return factorize(of(w), bias, rank);
    }

    /** Truncates a precomputed SVD of the weight at {@code rank}; Σ goes on the second factor. */
    public static LowRankLinear factorize(Svd svd, float[] bias, int rank) {
        ComcatFactorizer.requireRank("rank", rank, svd.size());
        Matrices.requireLength("bias", bias, svd.v().length);
        float[][] first = new float[svd.u().length][rank];
        for (int row = 0; row < first.length; row++) {
            for (int index = 0; index < rank; index++) {
                first[row][index] = (float) svd.u()[row][index];
            }
        }
        float[][] second = new float[rank][bias.length];
        for (int index = 0; index < rank; index++) {
            for (int column = 0; column < bias.length; column++) {
                second[index][column] = (float) (svd.s()[index] * svd.v()[column][index]);
            }
        }
        return new LowRankLinear(first, second, bias.clone());
    }

    /** The svd-matrix baseline: q, k, v, o each factorized at its own rank. */
    public static MatrixLevelAttention factorizeAttention(DenseAttention attention, int rq, int rk, int rv, int ro) {
        return new MatrixLevelAttention(
                attention.width(),
                attention.heads(),
                factorize(attention.wq(), attention.bq(), rq),
                factorize(attention.wk(), attention.bk(), rk),
                factorize(attention.wv(), attention.bv(), rv),
                factorize(attention.wo(), attention.bo(), ro));
    }
}
