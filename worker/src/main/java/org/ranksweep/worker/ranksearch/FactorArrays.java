package org.ranksweep.worker.ranksearch;

/** Slicing and placing of factor columns and rows between float and double arrays. Stateless, thread-safe. */
final class FactorArrays {

    private FactorArrays() {}

    /** Columns {@code [start, start+count)} of w as a rows×count double matrix. */
    static double[][] columns(float[][] w, int start, int count) {
        double[][] slice = new double[w.length][count];
        for (int row = 0; row < w.length; row++) {
            for (int column = 0; column < count; column++) {
                slice[row][column] = w[row][start + column];
            }
        }
        return slice;
    }

    /** Rows {@code [start, start+count)} of w, transposed: a columns×count double matrix. */
    static double[][] rowsTransposed(float[][] w, int start, int count) {
        double[][] slice = new double[w[0].length][count];
        for (int row = 0; row < count; row++) {
            for (int column = 0; column < w[0].length; column++) {
                slice[column][row] = w[start + row][column];
            }
        }
        return slice;
    }

    /** Writes every column k of {@code source}, times {@code scale[k]} when given, into column offset+k of target. */
    static void putColumns(float[][] target, int offset, double[][] source, double[] scale) {
        for (int row = 0; row < target.length; row++) {
            for (int index = 0; index < source[row].length; index++) {
                double factor = scale == null ? 1 : scale[index];
                target[row][offset + index] = (float) (source[row][index] * factor);
            }
        }
    }

    /** Writes {@code scale[k]·vᵀ} (row k is column k of v, scaled) into rows offset+k of target. */
    static void putRows(float[][] target, int offset, double[][] v, double[] scale) {
        for (int index = 0; index < scale.length; index++) {
            for (int column = 0; column < target[0].length; column++) {
                target[offset + index][column] = (float) (scale[index] * v[column][index]);
            }
        }
    }

    /** A deep copy. */
    static float[][] copy(float[][] matrix) {
        float[][] copy = new float[matrix.length][];
        for (int row = 0; row < matrix.length; row++) {
            copy[row] = matrix[row].clone();
        }
        return copy;
    }

    /** A double copy with {@code rows} rows: missing rows are zero (pads a thin factor to a common height). */
    static double[][] padded(float[][] matrix, int rows) {
        double[][] result = new double[rows][matrix[0].length];
        for (int row = 0; row < matrix.length; row++) {
            for (int column = 0; column < matrix[row].length; column++) {
                result[row][column] = matrix[row][column];
            }
        }
        return result;
    }

    /** The transpose of a float matrix as doubles, padded with zero rows up to {@code rows}. */
    static double[][] transposedPadded(float[][] matrix, int rows) {
        double[][] result = new double[rows][matrix.length];
        for (int row = 0; row < matrix.length; row++) {
            for (int column = 0; column < matrix[row].length; column++) {
                result[column][row] = matrix[row][column];
            }
        }
        return result;
    }
}
