package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AttentionMathTest {

    @Test
    void denseForwardEqualsAnIndependentMatrixComputation() {
        DenseAttention attention = RandomAttention.dense(48, 4, 17, 0.5);
        float[][] x = RandomAttention.tokens(13, 48, 5);

        float[][] expected = MaskedAttention.forward(attention, x, new boolean[] {true, true, true, true});

        assertThat(RandomAttention.maxAbsDifference(AttentionMath.forward(attention, x), expected))
                .isLessThan(1e-5);
    }

    @Test
    void aSingleTokenAttendsOnlyToItselfSoOnlyValueAndOutputMatter() {
        DenseAttention attention = RandomAttention.dense(8, 2, 3, 0.5);
        float[][] x = RandomAttention.tokens(1, 8, 6);

        float[][] out = AttentionMath.forward(attention, x);

        for (int column = 0; column < 8; column++) {
            double expected = attention.bo()[column];
            for (int inner = 0; inner < 8; inner++) {
                double value = attention.bv()[inner];
                for (int row = 0; row < 8; row++) {
                    value += x[0][row] * (double) attention.wv()[row][inner];
                }
                expected += value * attention.wo()[inner][column];
            }
            assertThat((double) out[0][column]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void zeroQueriesAttendUniformlySoEveryTokenGetsTheMeanValue() {
        DenseAttention random = RandomAttention.dense(8, 2, 3, 0.5);
        DenseAttention attention = new DenseAttention(
                8,
                2,
                new float[8][8],
                random.wk(),
                random.wv(),
                random.wo(),
                new float[8],
                random.bk(),
                random.bv(),
                random.bo());
        float[][] x = RandomAttention.tokens(5, 8, 6);
        float[][] single = new float[1][8];
        for (float[] token : x) {
            for (int column = 0; column < 8; column++) {
                single[0][column] += token[column] / 5;
            }
        }

        float[][] out = AttentionMath.forward(attention, x);
        // values are affine in x, so the mean of the values is the value of the mean token
        float[][] ofMean = AttentionMath.forward(attention, single);

        for (float[] row : out) {
            assertThat(row).containsExactly(ofMean[0], within(1e-5f));
        }
    }
}
