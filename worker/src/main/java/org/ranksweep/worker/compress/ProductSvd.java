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
 * {@code U = Q_a U'}, {@code V = Q_b V'}. Cost O(d·k²) instead of O(d³). When R is square and well conditioned, Q is
 * applied implicitly as {@code Q·U' = A·(R⁻¹U')} (half the work of forming Q; the orthogonality error grows with the
 * condition number of R, which is bounded here); otherwise Q is formed explicitly. Stateless, thread-safe.
 */
public final class ProductSvd {

    /** Largest ratio max|r_ii| / min|r_ii| for which Q is applied through R⁻¹ instead of being formed. */
    private static final double IMPLICIT_Q_CONDITION_LIMIT = 1e6;

    private ProductSvd() {}

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
        return of(Matrices.toEjml(a, columns), Matrices.toEjml(b, columns));
    }

    /** As {@link #of(double[][], double[][])} for EJML matrices of equal shape, which are not modified. */
    static Svd of(DMatrixRMaj a, DMatrixRMaj b) {
        ThinQr qrOfA = ThinQr.of(a);
        ThinQr qrOfB = ThinQr.of(b);
        DMatrixRMaj core = new DMatrixRMaj(qrOfA.r().numRows, qrOfB.r().numRows);
        CommonOps_DDRM.multTransB(qrOfA.r(), qrOfB.r(), core);

        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(core.numRows, core.numCols, true, true, true);
        if (!svd.decompose(core)) {
            throw new IllegalStateException(
                    "SVD of the " + core.numRows + "×" + core.numCols + " core did not converge");
        }
        DMatrixRMaj coreU = svd.getU(null, false);
        DMatrixRMaj coreV = svd.getV(null, false);
        DMatrixRMaj singular = svd.getW(null);
        SingularOps_DDRM.descendingOrder(coreU, false, singular, coreV, false);

        double[] s = new double[singular.numCols];
        for (int index = 0; index < s.length; index++) {
            s[index] = singular.get(index, index);
        }
        return new Svd(Matrices.toArray(qrOfA.timesQ(coreU)), s, Matrices.toArray(qrOfB.timesQ(coreV)));
    }

    /** The compact QR of one thin factor, keeping the factor itself to apply Q implicitly. */
    private record ThinQr(DMatrixRMaj matrix, QRDecomposition<DMatrixRMaj> qr, DMatrixRMaj r) {

        static ThinQr of(DMatrixRMaj matrix) {
            QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(matrix.numRows, matrix.numCols);
            if (!qr.decompose(qr.inputModified() ? matrix.copy() : matrix)) {
                throw new IllegalStateException("QR of a " + matrix.numRows + "×" + matrix.numCols + " matrix failed");
            }
            return new ThinQr(matrix, qr, qr.getR(null, true));
        }

        /** Q·x for a k×m x. */
        DMatrixRMaj timesQ(DMatrixRMaj x) {
            DMatrixRMaj result = new DMatrixRMaj(matrix.numRows, x.numCols);
            if (wellConditioned()) {
                CommonOps_DDRM.mult(matrix, solveUpper(r, x), result);
            } else {
                CommonOps_DDRM.mult(qr.getQ(null, true), x, result);
            }
            return result;
        }

        private boolean wellConditioned() {
            if (r.numRows != r.numCols) {
                return false;
            }
            double largest = 0;
            double smallest = Double.POSITIVE_INFINITY;
            for (int index = 0; index < r.numRows; index++) {
                double diagonal = Math.abs(r.get(index, index));
                largest = Math.max(largest, diagonal);
                smallest = Math.min(smallest, diagonal);
            }
            return smallest * IMPLICIT_Q_CONDITION_LIMIT > largest;
        }

        /** R⁻¹·x by back substitution, R upper triangular k×k. */
        private static DMatrixRMaj solveUpper(DMatrixRMaj upper, DMatrixRMaj x) {
            int size = upper.numRows;
            int width = x.numCols;
            DMatrixRMaj solution = x.copy();
            double[] data = solution.data;
            for (int row = size - 1; row >= 0; row--) {
                int rowStart = row * width;
                for (int inner = row + 1; inner < size; inner++) {
                    double factor = upper.get(row, inner);
                    int innerStart = inner * width;
                    for (int column = 0; column < width; column++) {
                        data[rowStart + column] -= factor * data[innerStart + column];
                    }
                }
                double diagonal = upper.get(row, row);
                for (int column = 0; column < width; column++) {
                    data[rowStart + column] /= diagonal;
                }
            }
            return solution;
        }
    }
}
