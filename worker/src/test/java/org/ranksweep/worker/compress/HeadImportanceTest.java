package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
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
    void taylorOfOneBatchIsTheAbsoluteInnerProductOfWeightsAndGradientsPerHead() {
        DenseAttention weights = RandomAttention.dense(16, 2, 7, 0.5);
        DenseAttention grads = RandomAttention.dense(16, 2, 8, 0.5);

        double[] scores = HeadImportance.taylor(weights, List.of(grads));

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

        double[] positive = HeadImportance.taylor(weights, List.of(weights));
        double[] negative = HeadImportance.taylor(weights, List.of(negated(weights)));

        assertThat(negative).containsExactly(positive, within(1e-9));
        assertThat(positive[0]).isGreaterThan(0);
    }

    @Test
    void taylorAveragesTheAbsoluteValuesOfEachBatchSoOppositeBatchesDoNotCancel() {
        // Width 2, two heads of width 1; every weight is 1. Gradients are zero except one entry per head and batch,
        // so each head's per-batch sum Σ w·g is that entry: head 0 gets +3 then -3, head 1 gets +2 then +4.
        DenseAttention weights = new DenseAttention(
                2,
                2,
                filled(1),
                filled(1),
                filled(1),
                filled(1),
                new float[2],
                new float[2],
                new float[2],
                new float[2]);
        DenseAttention first = gradients(new float[][] {{3, 0}, {0, 0}}, new float[][] {{0, 0}, {0, 2}});
        DenseAttention second = gradients(new float[][] {{0, 0}, {-3, 0}}, new float[][] {{0, 0}, {4, 0}});

        double[] scores = HeadImportance.taylor(weights, List.of(first, second));

        // head 0: (|+3| + |-3|) / 2 = 3 (a sum over both batches first would give 0); head 1: (|2| + |4|) / 2 = 3.
        assertThat(scores).containsExactly(new double[] {3, 3}, within(1e-12));
        assertThat(HeadImportance.taylor(weights, List.of(first))).containsExactly(new double[] {3, 2}, within(1e-12));
    }

    @Test
    void taylorRejectsAnEmptyListOfBatches() {
        DenseAttention weights = RandomAttention.dense(16, 2, 7, 0.5);

        assertThatThrownBy(() -> HeadImportance.taylor(weights, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one batch");
    }

    /** Gradients with the given wq (head 0 is column 0) and wo (head 1 is row 1) and zeros elsewhere. */
    private static DenseAttention gradients(float[][] wq, float[][] wo) {
        return new DenseAttention(
                2, 2, wq, filled(0), filled(0), wo, new float[2], new float[2], new float[2], new float[2]);
    }

    private static float[][] filled(float value) {
        return new float[][] {{value, value}, {value, value}};
    }

    private static DenseAttention negated(DenseAttention attention) {
        return new DenseAttention(
                attention.width(),
                attention.heads(),
                negate(attention.wq()),
                negate(attention.wk()),
                negate(attention.wv()),
                negate(attention.wo()),
                attention.bq(),
                attention.bk(),
                attention.bv(),
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
