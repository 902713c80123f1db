package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComcatFactorizerTest {

    @ParameterizedTest
    @CsvSource({"96, 4", "48, 3", "64, 8"})
    void fullRankReproducesTheDenseBlockWithBiases(int width, int heads) {
        DenseAttention dense = RandomAttention.dense(width, heads, width + heads, 0.5);
        float[][] x = RandomAttention.tokens(17, width, 3);
        int headWidth = width / heads;

        HeadLevelAttention factorized = ComcatFactorizer.factorize(dense, headWidth, headWidth);

        float[][] expected = AttentionMath.forward(dense, x);
        assertThat(RandomAttention.maxAbsDifference(AttentionMath.forward(factorized, x), expected))
                .isLessThan(1e-4);
        // the biases really matter at this scale, so the check above covers their handling
        assertThat(RandomAttention.maxAbsDifference(AttentionMath.forward(withoutBiases(dense), x), expected))
                .isGreaterThan(0.05);
    }

    @Test
    void factorizedLayoutFollowsTheContract() {
        DenseAttention dense = RandomAttention.dense(96, 4, 1, 0.5);

        HeadLevelAttention factorized = ComcatFactorizer.factorize(dense, 7, 3);

        assertThat(factorized.heads()).isEqualTo(4);
        assertThat(factorized.scaleHeadWidth()).isEqualTo(24);
        assertThat(factorized.wq()[0]).hasSize(28);
        assertThat(factorized.wv()[0]).hasSize(12);
        assertThat(factorized.wo()).hasNumberOfRows(12);
        assertThat(factorized.bk()).containsOnly(0f);
        assertThat(factorized.bv()).containsOnly(0f);
    }

    @Test
    void truncatedHeadsAreTheBestRankRApproximationsOfBothProducts() {
        DenseAttention dense = RandomAttention.dense(48, 3, 11, 0.5);
        int qkRank = 5;
        int voRank = 9;

        HeadLevelAttention factorized = ComcatFactorizer.factorize(dense, qkRank, voRank);

        for (int head = 0; head < 3; head++) {
            SimpleMatrix qk = columns(dense.wq(), head * 16, 16)
                    .mult(columns(dense.wk(), head * 16, 16).transpose());
            SimpleMatrix vo = columns(dense.wv(), head * 16, 16).mult(rows(dense.wo(), head * 16, 16));
            SimpleMatrix qkApprox = columns(factorized.wq(), head * qkRank, qkRank)
                    .mult(columns(factorized.wk(), head * qkRank, qkRank).transpose());
            SimpleMatrix voApprox =
                    columns(factorized.wv(), head * voRank, voRank).mult(rows(factorized.wo(), head * voRank, voRank));

            assertThat(squaredNorm(qk.minus(qkApprox))).isCloseTo(eckartYoungError(qk, qkRank), within(1e-4));
            assertThat(squaredNorm(vo.minus(voApprox))).isCloseTo(eckartYoungError(vo, voRank), within(1e-4));
        }
    }

    @Test
    void reconstructionErrorShrinksWithRankToZero() {
        DenseAttention dense = RandomAttention.dense(96, 4, 21, 0.5);
        double previous = Double.POSITIVE_INFINITY;
        for (int rank = 1; rank <= 24; rank++) {
            double error = ComcatFactorizer.reconstructionError(dense, rank, rank);

            assertThat(error).as("rank %d", rank).isLessThan(previous).isGreaterThanOrEqualTo(0);
            previous = error;
        }
        assertThat(previous).isLessThan(1e-10);
        assertThat(ComcatFactorizer.reconstructionError(dense, 1, 1))
                .isLessThan(1)
                .isGreaterThan(0.5);
    }

    @Test
    void reconstructionErrorEqualsTheExplicitRelativeFrobeniusError() {
        DenseAttention dense = RandomAttention.dense(32, 2, 4, 0.5);
        HeadLevelAttention factorized = ComcatFactorizer.factorize(dense, 3, 6);
        double residual = 0;
        double total = 0;
        for (int head = 0; head < 2; head++) {
            SimpleMatrix qk = columns(dense.wq(), head * 16, 16)
                    .mult(columns(dense.wk(), head * 16, 16).transpose());
            SimpleMatrix vo = columns(dense.wv(), head * 16, 16).mult(rows(dense.wo(), head * 16, 16));
            residual += squaredNorm(qk.minus(columns(factorized.wq(), head * 3, 3)
                    .mult(columns(factorized.wk(), head * 3, 3).transpose())));
            residual += squaredNorm(
                    vo.minus(columns(factorized.wv(), head * 6, 6).mult(rows(factorized.wo(), head * 6, 6))));
            total += squaredNorm(qk) + squaredNorm(vo);
        }

        assertThat(ComcatFactorizer.reconstructionError(dense, 3, 6))
                .isCloseTo(Math.sqrt(residual / total), within(1e-5));
    }

    @Test
    void rejectsRanksOutsideOneToHeadWidth() {
        DenseAttention dense = RandomAttention.dense(32, 2, 4, 0.5);

        assertThatThrownBy(() -> ComcatFactorizer.factorize(dense, 0, 4)).hasMessageContaining("qkRank");
        assertThatThrownBy(() -> ComcatFactorizer.factorize(dense, 4, 17)).hasMessageContaining("voRank");
    }

    static SimpleMatrix columns(float[][] w, int start, int count) {
        SimpleMatrix slice = new SimpleMatrix(w.length, count);
        for (int row = 0; row < w.length; row++) {
            for (int column = 0; column < count; column++) {
                slice.set(row, column, w[row][start + column]);
            }
        }
        return slice;
    }

    static SimpleMatrix rows(float[][] w, int start, int count) {
        SimpleMatrix slice = new SimpleMatrix(count, w[0].length);
        for (int row = 0; row < count; row++) {
            for (int column = 0; column < w[0].length; column++) {
                slice.set(row, column, w[start + row][column]);
            }
        }
        return slice;
    }

    static double squaredNorm(SimpleMatrix matrix) {
        double norm = matrix.normF();
        return norm * norm;
    }

    /** Σ of the squared singular values beyond {@code rank}, from a full SVD of the explicit matrix. */
    static double eckartYoungError(SimpleMatrix matrix, int rank) {
        double[] values = matrix.svd(true).getSingularValues().clone();
        Arrays.sort(values);
        double tail = 0;
        for (int index = 0; index < values.length - rank; index++) {
            tail += values[index] * values[index];
        }
        return tail;
    }

    private static DenseAttention withoutBiases(DenseAttention dense) {
        int width = dense.width();
        return new DenseAttention(
                width,
                dense.heads(),
                dense.wq(),
                dense.wk(),
                dense.wv(),
                dense.wo(),
                new float[width],
                new float[width],
                new float[width],
                new float[width]);
    }
}
