package org.ranksweep.worker.compress;

import java.util.Random;

/** Seeded random attention weights and token matrices for tests. */
final class RandomAttention {

    private RandomAttention() {}

    /** Weights ~ N(0, 1/d), biases ~ N(0, biasScale²). */
    static DenseAttention dense(int width, int heads, long seed, double biasScale) {
        Random random = new Random(seed);
        double weightScale = 1 / Math.sqrt(width);
        return new DenseAttention(
                width,
                heads,
                matrix(random, width, width, weightScale),
                matrix(random, width, width, weightScale),
                matrix(random, width, width, weightScale),
                matrix(random, width, width, weightScale),
                vector(random, width, biasScale),
                vector(random, width, biasScale),
                vector(random, width, biasScale),
                vector(random, width, biasScale));
    }

    /** Tokens ~ N(0, 1). */
    static float[][] tokens(int count, int width, long seed) {
        return matrix(new Random(seed), count, width, 1);
    }

    static float[][] matrix(Random random, int rows, int columns, double scale) {
        float[][] matrix = new float[rows][columns];
        for (float[] row : matrix) {
            for (int column = 0; column < columns; column++) {
                row[column] = (float) (random.nextGaussian() * scale);
            }
        }
        return matrix;
    }

    static double[][] doubles(Random random, int rows, int columns) {
        double[][] matrix = new double[rows][columns];
        for (double[] row : matrix) {
            for (int column = 0; column < columns; column++) {
                row[column] = random.nextGaussian();
            }
        }
        return matrix;
    }

    static float[] vector(Random random, int length, double scale) {
        float[] vector = new float[length];
        for (int index = 0; index < length; index++) {
            vector[index] = (float) (random.nextGaussian() * scale);
        }
        return vector;
    }

    static double maxAbsDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int row = 0; row < a.length; row++) {
            for (int column = 0; column < a[row].length; column++) {
                max = Math.max(max, Math.abs(a[row][column] - b[row][column]));
            }
        }
        return max;
    }

    static double maxAbs(float[][] a) {
        double max = 0;
        for (float[] row : a) {
            for (float value : row) {
                max = Math.max(max, Math.abs(value));
            }
        }
        return max;
    }
}
