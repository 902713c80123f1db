package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void keepingASubsetEqualsMaskingTheOtherHeads() {
        HeadLevelAttention pruned = HeadPruner.keep(dense, new int[] {1, 3});

        float[][] masked = MaskedAttention.forward(dense, x, new boolean[] {false, true, false, true});
        assertThat(RandomAttention.maxAbsDifference(AttentionMath.forward(pruned, x), masked)).isLessThan(1e-4);
        assertThat(pruned.heads()).isEqualTo(2);
        assertThat(Arrays.copyOfRange(pruned.bq(), 0, 24)).containsExactly(Arrays.copyOfRange(dense.bq(), 24, 48));
        assertThat(Arrays.copyOfRange(pruned.bv(), 24, 48)).containsExactly(Arrays.copyOfRange(dense.bv(), 72, 96));
        assertThat(pruned.wo()[24]).containsExactly(dense.wo()[72]);
    }

    @Test
    void theOrderOfKeptHeadsDoesNotChangeTheOutput() {
        float[][] ascending = AttentionMath.forward(HeadPruner.keep(dense, new int[] {0, 2}), x);
        float[][] descending = AttentionMath.forward(HeadPruner.keep(dense, new int[] {2, 0}), x);

        assertThat(RandomAttention.maxAbsDifference(ascending, descending)).isLessThan(1e-5);
    }

    @Test
    void keepingNoHeadLeavesTheOutputBiasOnEveryToken() {
        HeadLevelAttention pruned = HeadPruner.keep(dense, new int[0]);

        float[][] out = AttentionMath.forward(pruned, x);

        for (float[] row : out) {
            assertThat(row).containsExactly(dense.bo());
        }
    }

    @Test
    void rejectsRepeatedOrUnknownHeads() {
        assertThatThrownBy(() -> HeadPruner.keep(dense, new int[] {1, 1})).hasMessageContaining("repeated");
        assertThatThrownBy(() -> HeadPruner.keep(dense, new int[] {4})).hasMessageContaining("4");
    }
}
