package org.ranksweep.worker.compress;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Exact SVD of a product {@code A·Bᵀ} of two thin matrices (d×k, k ≪ d) without forming the d×d product: thin QR
 * {@code A = Q_a R_a}, {@code B = Q_b R_b}, SVD of the small core {@code R_a R_bᵀ = U' Σ V'ᵀ}, then
 * {@code U = Q_a U'}, {@code V = Q_b V'}. Cost O(d·k²) instead of O(d³). Stateless, thread-safe.
 */
public final class ProductSvd {

    private ProductSvd() {
    }

    /**
     * The thin SVD of {@code a·bᵀ}.
     *
     * @param a d×k, rows of equal length
     * @param b d×k, same shape as {@code a}
     * @return u d×m, s of length m, v d×m with m = min(d, k), singular values descending
     */
    public static Svd of(double[][] a, double[][] b) {
        if (a.length == 0 || a.length != b.length || a[0].length == 0 || a[0].length != b[0].length) {
            throw new IllegalArgumentException("a and b must both be d×k with d, k > 0, got " + a.length + "×"
                    + (a.length == 0 ? 0 : a[0].length) + " and " + b.length + "×" + (b.length == 0 ? 0 : b[0].length));
        }
        int columns = a[0].length;
        DMatrixRMaj[] qrOfA = thinQr(Matrices.toEjml(a, columns));
        DMatrixRMaj[] qrOfB = thinQr(Matrices.toEjml(b, columns));
        DMatrixRMaj core = new DMatrixRMaj(qrOfA[1].numRows, qrOfB[1].numRows);
        CommonOps_DDRM.multTransB(qrOfA[1], qrOfB[1], core);

        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(core.numRows, core.numCols, true, true, true);
        if (!svd.decompose(core)) {
            throw new IllegalStateException("SVD of the " + core.numRows + "×" + core.numCols + " core did not converge");
        }
        DMatrixRMaj coreU = svd.getU(null, false);
        DMatrixRMaj coreV = svd.getV(null, false);
        DMatrixRMaj singular = svd.getW(null);
        SingularOps_DDRM.descendingOrder(coreU, false, singular, coreV, false);

        DMatrixRMaj u = new DMatrixRMaj(qrOfA[0].numRows, coreU.numCols);
        DMatrixRMaj v = new DMatrixRMaj(qrOfB[0].numRows, coreV.numCols);
        CommonOps_DDRM.mult(qrOfA[0], coreU, u);
        CommonOps_DDRM.mult(qrOfB[0], coreV, v);
        double[] s = new double[singular.numCols];
        for (int index = 0; index < s.length; index++) {
            s[index] = singular.get(index, index);
        }
        return new Svd(Matrices.toArray(u), s, Matrices.toArray(v));
    }

    /** {Q, R} of the compact QR decomposition. */
    private static DMatrixRMaj[] thinQr(DMatrixRMaj matrix) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(matrix.numRows, matrix.numCols);
        if (!qr.decompose(matrix)) {
            throw new IllegalStateException("QR of a " + matrix.numRows + "×" + matrix.numCols + " matrix failed");
        }
        return new DMatrixRMaj[] {qr.getQ(null, true), qr.getR(null, true)};
    }
}
