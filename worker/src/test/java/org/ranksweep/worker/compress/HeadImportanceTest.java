package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeadImportanceTest {

    @Test
    void l1SumsTheAbsoluteWeightsOfEachHeadsSlices() {
        DenseAttention attention = RandomAttention.dense(24, 3, 5, 0.5);

        double[] scores = HeadImportance.l1(attention);

        for (int head = 0; head < 3; head++) {
            double expected = 0;
            for (int row = 0; row < 24; row++) {
                for (int column = head * 8; column < head * 8 + 8; column++) {
                    expected += Math.abs((double) attention.wq()[row][column])
                            + Math.abs((double) attention.wk()[row][column])
                            + Math.abs((double) attention.wv()[row][column])
                            + Math.abs((double) attention.wo()[column][row]);
                }
            }
            assertThat(scores[head]).isCloseTo(expected, within(1e-9 * expected));
        }
    }

    @Test
    void l1RanksAScaledUpHeadFirst() {
        DenseAttention attention = RandomAttention.dense(24, 3, 5, 0.5);
        for (int row = 0; row < 24; row++) {
            for (int column = 16; column < 24; column++) {
                attention.wv()[row][column] *= 10;
            }
        }

        double[] scores = HeadImportance.l1(attention);

        assertThat(scores[2]).isGreaterThan(2 * scores[0]).isGreaterThan(2 * scores[1]);
    }

    @Test
    void taylorIsTheAbsoluteInnerProductOfWeightsAndGradientsPerHead() {
        DenseAttention weights = RandomAttention.dense(16, 2, 7, 0.5);
        DenseAttention grads = RandomAttention.dense(16, 2, 8, 0.5);

        double[] scores = HeadImportance.taylor(weights, grads);

        for (int head = 0; head < 2; head++) {
            double sum = 0;
            for (int row = 0; row < 16; row++) {
                for (int column = head * 8; column < head * 8 + 8; column++) {
                    sum += weights.wq()[row][column] * (double) grads.wq()[row][column]
                            + weights.wk()[row][column] * (double) grads.wk()[row][column]
                            + weights.wv()[row][column] * (double) grads.wv()[row][column]
                            + weights.wo()[column][row] * (double) grads.wo()[column][row];
                }
            }
            assertThat(scores[head]).isCloseTo(Math.abs(sum), within(1e-9));
        }
    }

    @Test
    void taylorIgnoresTheSignOfTheGradient() {
        DenseAttention weights = RandomAttention.dense(16, 2, 7, 0.5);

        double[] positive = HeadImportance.taylor(weights, weights);
        double[] negative = HeadImportance.taylor(weights, negated(weights));

        assertThat(negative).containsExactly(positive, within(1e-9));
        assertThat(positive[0]).isGreaterThan(0);
    }

    private static DenseAttention negated(DenseAttention attention) {
        return new DenseAttention(attention.width(), attention.heads(), negate(attention.wq()), negate(attention.wk()),
                negate(attention.wv()), negate(attention.wo()), attention.bq(), attention.bk(), attention.bv(),
                attention.bo());
    }

    private static float[][] negate(float[][] w) {
        float[][] result = new float[w.length][w[0].length];
        for (int row = 0; row < w.length; row++) {
            for (int column = 0; column < w[0].length; column++) {
                result[row][column] = -w[row][column];
            }
        }
        return result;
    }
}
