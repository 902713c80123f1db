package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatrixSvdTest {

    @ParameterizedTest
    @CsvSource({"30, 50", "50, 30", "24, 24"})
    void fullRankReproducesTheMatrixAndKeepsTheBias(int in, int out) {
        Random random = new Random(in * 7L + out);
        float[][] w = RandomAttention.matrix(random, in, out, 1);
        float[] bias = RandomAttention.vector(random, out, 1);

        LowRankLinear linear = MatrixSvd.factorize(w, bias, Math.min(in, out));

        SimpleMatrix product = toMatrix(linear.first()).mult(toMatrix(linear.second()));
        assertThat(product.minus(toMatrix(w)).elementMaxAbs()).isLessThan(1e-4);
        assertThat(linear.bias()).containsExactly(bias).isNotSameAs(bias);
        assertThat(linear.in()).isEqualTo(in);
        assertThat(linear.out()).isEqualTo(out);
    }

    @Test
    void truncationErrorIsTheDiscardedSingularEnergy() {
        Random random = new Random(2);
        float[][] w = RandomAttention.matrix(random, 40, 60, 1);

        LowRankLinear linear = MatrixSvd.factorize(w, new float[60], 12);

        SimpleMatrix residual = toMatrix(w).minus(toMatrix(linear.first()).mult(toMatrix(linear.second())));
        double squaredError = residual.normF() * residual.normF();
        assertThat(squaredError)
                .isCloseTo(ComcatFactorizerTest.eckartYoungError(toMatrix(w), 12), within(1e-6 * squaredError));
        assertThat(linear.rank()).isEqualTo(12);
    }

    @Test
    void forwardOfTheFactorsEqualsTheLinearAtFullRank() {
        Random random = new Random(8);
        float[][] w = RandomAttention.matrix(random, 20, 12, 1);
        float[] bias = RandomAttention.vector(random, 12, 1);
        float[][] x = RandomAttention.tokens(5, 20, 1);

        float[][] y = AttentionMath.forward(MatrixSvd.factorize(w, bias, 12), x);

        SimpleMatrix expected = toMatrix(x).mult(toMatrix(w));
        for (int row = 0; row < 5; row++) {
            for (int column = 0; column < 12; column++) {
                assertThat((double) y[row][column]).isCloseTo(expected.get(row, column) + bias[column], within(1e-4));
            }
        }
    }

    @Test
    void matrixLevelAttentionAtFullRankEqualsDense() {
        DenseAttention dense = RandomAttention.dense(48, 4, 6, 0.5);
        float[][] x = RandomAttention.tokens(9, 48, 2);

        MatrixLevelAttention matrixLevel = MatrixSvd.factorizeAttention(dense, 48, 48, 48, 48);

        assertThat(RandomAttention.maxAbsDifference(
                        AttentionMath.forward(matrixLevel, x), AttentionMath.forward(dense, x)))
                .isLessThan(1e-4);
    }

    @Test
    void matrixLevelAttentionAtLowRankDiffersFromDense() {
        DenseAttention dense = RandomAttention.dense(48, 4, 6, 0.5);
        float[][] x = RandomAttention.tokens(9, 48, 2);

        MatrixLevelAttention matrixLevel = MatrixSvd.factorizeAttention(dense, 4, 4, 4, 4);

        assertThat(matrixLevel.q().rank()).isEqualTo(4);
        assertThat(RandomAttention.maxAbsDifference(
                        AttentionMath.forward(matrixLevel, x), AttentionMath.forward(dense, x)))
                .isGreaterThan(1e-2);
    }

    @Test
    void rejectsRanksOutsideOneToTheSmallerSide() {
        float[][] w = new float[10][6];

        assertThatThrownBy(() -> MatrixSvd.factorize(w, new float[6], 0)).hasMessageContaining("rank");
        assertThatThrownBy(() -> MatrixSvd.factorize(w, new float[6], 7)).hasMessageContaining("[1, 6]");
        assertThatThrownBy(() -> MatrixSvd.factorize(w, new float[5], 3)).hasMessageContaining("bias");
    }

    private static SimpleMatrix toMatrix(float[][] w) {
        SimpleMatrix matrix = new SimpleMatrix(w.length, w[0].length);
        for (int row = 0; row < w.length; row++) {
            for (int column = 0; column < w[0].length; column++) {
                matrix.set(row, column, w[row][column]);
            }
        }
        return matrix;
    }
}
