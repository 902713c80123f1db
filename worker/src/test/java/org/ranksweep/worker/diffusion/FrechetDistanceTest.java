package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void aSetIsAtDistanceZeroFromItself() {
        double[][] features = correlated(200, 6, 1);
        assertThat(FrechetDistance.between(features, features)).isCloseTo(0, within(1e-9));
    }

    @Test
    void shiftingEveryVectorByCAddsExactlyTheSquaredNormOfC() {
        double[][] features = correlated(300, 5, 2);
        double[] shift = {0.5, -1, 2, 0, 0.25};
        double[][] shifted = new double[features.length][];
        for (int row = 0; row < features.length; row++) {
            shifted[row] = features[row].clone();
            for (int column = 0; column < shift.length; column++) {
                shifted[row][column] += shift[column];
            }
        }
        assertThat(FrechetDistance.between(features, shifted)).isCloseTo(0.25 + 1 + 4 + 0.0625, within(1e-9));
    }

    @Test
    void inOneDimensionItIsTheSquaredDifferenceOfMeansPlusThatOfStandardDeviations() {
        double[][] first = correlated(100, 1, 3);
        double[][] second = correlated(150, 1, 4);
        for (double[] row : second) {
            row[0] = 3 * row[0] + 1;
        }
        double expected = Math.pow(mean(first) - mean(second), 2) + Math.pow(std(first) - std(second), 2);
        assertThat(FrechetDistance.between(first, second)).isCloseTo(expected, within(1e-9));
    }

    /** Gaussian vectors mixed by a fixed random matrix, so their covariance is far from diagonal. */
    private static double[][] correlated(int count, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] mixing = new double[width][width];
        for (double[] row : mixing) {
            for (int column = 0; column < width; column++) {
                row[column] = random.nextGaussian();
            }
        }
        double[][] rows = new double[count][width];
        for (double[] row : rows) {
            double[] noise = new double[width];
            for (int index = 0; index < width; index++) {
                noise[index] = random.nextGaussian();
            }
            for (int i = 0; i < width; i++) {
                for (int j = 0; j < width; j++) {
                    row[i] += mixing[i][j] * noise[j];
                }
            }
        }
        return rows;
    }

    private static double mean(double[][] rows) {
        double sum = 0;
        for (double[] row : rows) {
            sum += row[0];
        }
        return sum / rows.length;
    }

    private static double std(double[][] rows) {
        double mean = mean(rows);
        double sum = 0;
        for (double[] row : rows) {
            sum += Math.pow(row[0] - mean, 2);
        }
        return Math.sqrt(sum / (rows.length - 1));
    }
}
