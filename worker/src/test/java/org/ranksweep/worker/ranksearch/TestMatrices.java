package org.ranksweep.worker.ranksearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** Plain double-precision matrix arithmetic for independent reference computations in tests. */
final class TestMatrices {

    private TestMatrices() {}

    /** U_r·Σ_r·V_rᵀ from EJML's full SVD of the explicit matrix. */
    static double[][] truncatedSvd(double[][] matrix, int rank) {
        DMatrixRMaj dense = new DMatrixRMaj(matrix);
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(dense.numRows, dense.numCols, true, true, true);
        assertThat(svd.decompose(dense.copy())).isTrue();
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        DMatrixRMaj s = svd.getW(null);
        SingularOps_DDRM.descendingOrder(u, false, s, v, false);
        for (int index = rank; index < Math.min(s.numRows, s.numCols); index++) {
            s.set(index, index, 0);
        }
        DMatrixRMaj us = new DMatrixRMaj(u.numRows, s.numCols);
        CommonOps_DDRM.mult(u, s, us);
        DMatrixRMaj result = new DMatrixRMaj(matrix.length, matrix[0].length);
        CommonOps_DDRM.multTransB(us, v, result);
        double[][] array = new double[result.numRows][result.numCols];
        for (int row = 0; row < result.numRows; row++) {
            for (int column = 0; column < result.numCols; column++) {
                array[row][column] = result.get(row, column);
            }
        }
        return array;
    }

    static double[][] gaussian(Random random, int rows, int columns, double scale) {
        double[][] matrix = new double[rows][columns];
        for (double[] row : matrix) {
            for (int column = 0; column < columns; column++) {
                row[column] = random.nextGaussian() * scale;
            }
        }
        return matrix;
    }

    static float[][] toFloat(double[][] matrix) {
        float[][] result = new float[matrix.length][matrix[0].length];
        for (int row = 0; row < matrix.length; row++) {
            for (int column = 0; column < matrix[0].length; column++) {
                result[row][column] = (float) matrix[row][column];
            }
        }
        return result;
    }

    static float[] flatten(double[][] matrix) {
        float[] flat = new float[matrix.length * matrix[0].length];
        for (int row = 0; row < matrix.length; row++) {
            for (int column = 0; column < matrix[0].length; column++) {
                flat[row * matrix[0].length + column] = (float) matrix[row][column];
            }
        }
        return flat;
    }

    static double[][] multiply(double[][] left, double[][] right) {
        double[][] result = new double[left.length][right[0].length];
        for (int row = 0; row < left.length; row++) {
            for (int inner = 0; inner < right.length; inner++) {
                for (int column = 0; column < right[0].length; column++) {
                    result[row][column] += left[row][inner] * right[inner][column];
                }
            }
        }
        return result;
    }

    static double[][] transpose(double[][] matrix) {
        double[][] result = new double[matrix[0].length][matrix.length];
        for (int row = 0; row < matrix.length; row++) {
            for (int column = 0; column < matrix[0].length; column++) {
                result[column][row] = matrix[row][column];
            }
        }
        return result;
    }

    static void addScaled(double[][] target, double[][] addend, double scale) {
        for (int row = 0; row < target.length; row++) {
            for (int column = 0; column < target[0].length; column++) {
                target[row][column] += scale * addend[row][column];
            }
        }
    }

    static double[][] softmaxRows(double[][] logits) {
        double[][] result = new double[logits.length][];
        for (int row = 0; row < logits.length; row++) {
            double largest = Double.NEGATIVE_INFINITY;
            for (double value : logits[row]) {
                largest = Math.max(largest, value);
            }
            double sum = 0;
            result[row] = new double[logits[row].length];
            for (int column = 0; column < logits[row].length; column++) {
                result[row][column] = Math.exp(logits[row][column] - largest);
                sum += result[row][column];
            }
            for (int column = 0; column < logits[row].length; column++) {
                result[row][column] /= sum;
            }
        }
        return result;
    }
}
