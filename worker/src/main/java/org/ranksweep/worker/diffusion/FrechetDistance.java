package org.ranksweep.worker.diffusion;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between Gaussians fitted to two sets of feature vectors (as FID computes it in Inception
 * space): ‖μ₁ − μ₂‖² + tr(Σ₁) + tr(Σ₂) − 2 tr((Σ₁^½ Σ₂ Σ₁^½)^½), with unbiased covariances. The matrix square
 * roots come from symmetric eigendecompositions (negative round-off eigenvalues clipped to zero). Thread-safe
 * (stateless).
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /** The distance between the feature sets {@code first} and {@code second} (rows are samples). */
    public static double between(double[][] first, double[][] second) {
        if (first.length < 2 || second.length < 2 || first[0].length != second[0].length) {
            throw new IllegalArgumentException("Fréchet distance needs two sets of at least 2 vectors of one size");
        }
        double[] meanFirst = mean(first);
        double[] meanSecond = mean(second);
        DMatrixRMaj covarianceFirst = covariance(first, meanFirst);
        DMatrixRMaj covarianceSecond = covariance(second, meanSecond);
        double meanTerm = 0;
        for (int index = 0; index < meanFirst.length; index++) {
            meanTerm += Math.pow(meanFirst[index] - meanSecond[index], 2);
        }
        DMatrixRMaj root = symmetricRoot(covarianceFirst);
        DMatrixRMaj product = new DMatrixRMaj(root.numRows, root.numCols);
        DMatrixRMaj sandwich = new DMatrixRMaj(root.numRows, root.numCols);
        CommonOps_DDRM.mult(root, covarianceSecond, product);
        CommonOps_DDRM.mult(product, root, sandwich);
        double crossTrace = 0;
        for (double eigenvalue : symmetricEigenvalues(sandwich)) {
            crossTrace += Math.sqrt(Math.max(0, eigenvalue));
        }
        return meanTerm
                + CommonOps_DDRM.trace(covarianceFirst)
                + CommonOps_DDRM.trace(covarianceSecond)
                - 2 * crossTrace;
    }

    private static double[] mean(double[][] rows) {
        double[] mean = new double[rows[0].length];
        for (double[] row : rows) {
            for (int index = 0; index < mean.length; index++) {
                mean[index] += row[index] / rows.length;
            }
        }
        return mean;
    }

    private static DMatrixRMaj covariance(double[][] rows, double[] mean) {
        int size = mean.length;
        DMatrixRMaj covariance = new DMatrixRMaj(size, size);
        for (double[] row : rows) {
            for (int i = 0; i < size; i++) {
                double left = row[i] - mean[i];
                for (int j = 0; j < size; j++) {
                    covariance.add(i, j, left * (row[j] - mean[j]) / (rows.length - 1));
                }
            }
        }
        return covariance;
    }

    /** V diag(√max(λ, 0)) Vᵀ of a symmetric matrix. */
    private static DMatrixRMaj symmetricRoot(DMatrixRMaj matrix) {
        EigenDecomposition_F64<DMatrixRMaj> eigen = decompose(matrix);
        int size = matrix.numRows;
        DMatrixRMaj root = new DMatrixRMaj(size, size);
        for (int component = 0; component < size; component++) {
            double scale = Math.sqrt(Math.max(0, eigen.getEigenvalue(component).getReal()));
            DMatrixRMaj vector = eigen.getEigenVector(component);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    root.add(i, j, scale * vector.get(i) * vector.get(j));
                }
            }
        }
        return root;
    }

    private static double[] symmetricEigenvalues(DMatrixRMaj matrix) {
        // Σ₁^½ Σ₂ Σ₁^½ is symmetric up to round-off; symmetrise so the symmetric solver applies.
        DMatrixRMaj symmetric = new DMatrixRMaj(matrix.numRows, matrix.numCols);
        CommonOps_DDRM.transpose(matrix, symmetric);
        CommonOps_DDRM.addEquals(symmetric, matrix);
        CommonOps_DDRM.scale(0.5, symmetric);
        EigenDecomposition_F64<DMatrixRMaj> eigen = decompose(symmetric);
        double[] values = new double[matrix.numRows];
        for (int index = 0; index < values.length; index++) {
            values[index] = eigen.getEigenvalue(index).getReal();
        }
        return values;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj matrix) {
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(matrix.numRows, true, true);
        if (!eigen.decompose(matrix.copy())) {
            throw new IllegalStateException("eigendecomposition of a " + matrix.numRows + "² covariance failed");
        }
        return eigen;
    }
}
