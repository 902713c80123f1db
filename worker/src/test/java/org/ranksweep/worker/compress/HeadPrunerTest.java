package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeadPrunerTest {

    private final DenseAttention dense = RandomAttention.dense(96, 4, 13, 0.5);
    private final float[][] x = RandomAttention.tokens(11, 96, 4);

    @Test
    void keepingAllHeadsEqualsTheDenseBlock() {
        HeadLevelAttention pruned = HeadPruner.keep(dense, new int[] {0, 1, 2, 3});

        assertThat(RandomAttention.maxAbsDifference(AttentionMath.forward(pruned, x), AttentionMath.forward(dense, x)))
                .isLessThan(1e-5);
        assertThat(pruned.qkRank()).isEqualTo(24);
        assertThat(pruned.voRank()).isEqualTo(24);
        assertThat(pruned.scaleHeadWidth()).isEqualTo(24);
    }

    @Test
    void keepingASubsetEqualsMaskingTheOtherHeadsPlusTheirValueBiasConstant() {
        HeadLevelAttention pruned = HeadPruner.keep(dense, new int[] {1, 3});

        float[][] masked = MaskedAttention.forward(dense, x, new boolean[] {false, true, false, true});
        float[] removedConstant = valueBiasThroughOutput(dense, 0, 2);
        for (float[] row : masked) {
            for (int column = 0; column < row.length; column++) {
                row[column] += removedConstant[column];
            }
        }
        assertThat(RandomAttention.maxAbsDifference(AttentionMath.forward(pruned, x), masked))
                .isLessThan(1e-4);
        assertThat(pruned.heads()).isEqualTo(2);
        assertThat(Arrays.copyOfRange(pruned.bq(), 0, 24)).containsExactly(Arrays.copyOfRange(dense.bq(), 24, 48));
        assertThat(Arrays.copyOfRange(pruned.bv(), 24, 48)).containsExactly(Arrays.copyOfRange(dense.bv(), 72, 96));
        assertThat(pruned.wo()[24]).containsExactly(dense.wo()[72]);
    }

    @Test
    void aRemovedHeadWhoseOutputIsAConstantLeavesTheForwardUnchanged() {
        // Width 4, two heads of width 2. Head 1 has no value weights, so its output on every token is the constant
        // bv^1·Wo^1 = 1·(1, 0, 2, 0) + (-2)·(0, 1, 0, 3) = (1, -2, 2, -6).
        DenseAttention toy = RandomAttention.dense(4, 2, 21, 0.5);
        for (float[] row : toy.wv()) {
            row[2] = 0;
            row[3] = 0;
        }
        toy.bv()[2] = 1;
        toy.bv()[3] = -2;
        toy.wo()[2] = new float[] {1, 0, 2, 0};
        toy.wo()[3] = new float[] {0, 1, 0, 3};
        System.arraycopy(new float[] {0.5f, 0, 0, -1}, 0, toy.bo(), 0, 4);
        float[][] tokens = RandomAttention.tokens(5, 4, 22);

        HeadLevelAttention pruned = HeadPruner.keep(toy, new int[] {0});

        assertThat(pruned.bo()).containsExactly(new float[] {1.5f, -2, 2, -7}, within(1e-6f));
        assertThat(RandomAttention.maxAbsDifference(
                        AttentionMath.forward(pruned, tokens), AttentionMath.forward(toy, tokens)))
                .isLessThan(1e-5);
    }

    @Test
    void theOrderOfKeptHeadsDoesNotChangeTheOutput() {
        float[][] ascending = AttentionMath.forward(HeadPruner.keep(dense, new int[] {0, 2}), x);
        float[][] descending = AttentionMath.forward(HeadPruner.keep(dense, new int[] {2, 0}), x);

        assertThat(RandomAttention.maxAbsDifference(ascending, descending)).isLessThan(1e-5);
    }

    @Test
    void keepingNoHeadLeavesTheOutputBiasPlusEveryValueBiasConstantOnEveryToken() {
        HeadLevelAttention pruned = HeadPruner.keep(dense, new int[0]);

        float[][] out = AttentionMath.forward(pruned, x);

        float[] constant = valueBiasThroughOutput(dense, 0, 1, 2, 3);
        float[] expected = new float[96];
        for (int column = 0; column < 96; column++) {
            expected[column] = dense.bo()[column] + constant[column];
        }
        for (float[] row : out) {
            assertThat(row).containsExactly(expected, within(1e-5f));
        }
    }

    @Test
    void rejectsRepeatedOrUnknownHeads() {
        assertThatThrownBy(() -> HeadPruner.keep(dense, new int[] {1, 1})).hasMessageContaining("repeated");
        assertThatThrownBy(() -> HeadPruner.keep(dense, new int[] {4})).hasMessageContaining("4");
    }

    /** Σ over {@code heads} of bv^h·Wo^h: what those heads add to every token whatever the input. */
    private static float[] valueBiasThroughOutput(DenseAttention attention, int... heads) {
        int headWidth = attention.headWidth();
        double[] sum = new double[attention.width()];
        for (int head : heads) {
            for (int row = head * headWidth; row < (head + 1) * headWidth; row++) {
                for (int column = 0; column < sum.length; column++) {
                    sum[column] += (double) attention.bv()[row] * attention.wo()[row][column];
                }
            }
        }
        float[] result = new float[sum.length];
        for (int column = 0; column < sum.length; column++) {
            result[column] = (float) sum[column];
        }
        return result;
    }
}
