package org.ranksweep.worker.compress;

import org.ejml.data.DMatrixRMaj;

/** Shape checks, slicing and conversions between float/double arrays and EJML matrices. Stateless, thread-safe. */
final class Matrices {

    private Matrices() {}

    static void requireShape(String name, float[][] matrix, int rows, int columns) {
        if (matrix == null || matrix.length != rows) {
            throw new IllegalArgumentException(
                    name + " must have " + rows + " rows, has " + (matrix == null ? "none" : matrix.length));
        }
        for (float[] row : matrix) {
            if (row == null || row.length != columns) {
                throw new IllegalArgumentException(
                        name + " must have " + columns + " columns, a row has " + (row == null ? "none" : row.length));
            }
        }
    }

    static void requireLength(String name, float[] vector, int length) {
        if (vector == null || vector.length != length) {
            throw new IllegalArgumentException(
                    name + " must have " + length + " entries, has " + (vector == null ? "none" : vector.length));
        }
    }

    /** Columns {@code [start, start+count)} of w, as a rows×count matrix. */
    static DMatrixRMaj columns(float[][] w, int start, int count) {
        DMatrixRMaj slice = new DMatrixRMaj(w.length, count);
        for (int row = 0; row < w.length; row++) {
            int offset = row * count;
            for (int column = 0; column < count; column++) {
                slice.data[offset + column] = w[row][start + column];
            }
        }
        return slice;
    }

    /** Rows {@code [start, start+count)} of w, transposed: a columns×count matrix. */
    static DMatrixRMaj rowsTransposed(float[][] w, int start, int count) {
        DMatrixRMaj slice = new DMatrixRMaj(w[0].length, count);
        for (int row = 0; row < count; row++) {
            float[] source = w[start + row];
            for (int column = 0; column < source.length; column++) {
                slice.data[column * count + row] = source[column];
            }
        }
        return slice;
    }

    static double[][] toDouble(float[][] matrix) {
        double[][] copy = new double[matrix.length][];
        for (int row = 0; row < matrix.length; row++) {
            copy[row] = new double[matrix[row].length];
            for (int column = 0; column < matrix[row].length; column++) {
                copy[row][column] = matrix[row][column];
            }
        }
        return copy;
    }

    static DMatrixRMaj toEjml(double[][] matrix, int columns) {
        DMatrixRMaj result = new DMatrixRMaj(matrix.length, columns);
        for (int row = 0; row < matrix.length; row++) {
            System.arraycopy(matrix[row], 0, result.data, row * columns, columns);
        }
        return result;
    }

    static double[][] toArray(DMatrixRMaj matrix) {
        double[][] result = new double[matrix.numRows][matrix.numCols];
        for (int row = 0; row < matrix.numRows; row++) {
            System.arraycopy(matrix.data, row * matrix.numCols, result[row], 0, matrix.numCols);
        }
        return result;
    }

    static float[][] zeros(int rows, int columns) {
        return new float[rows][columns];
    }
}
