package org.ranksweep.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinearCostTest {

    @Test
    void denseCountsWeightsBiasAndOneMacPerWeightAndToken() {
        assertThat(LinearCost.dense(384, 1536, 197)).isEqualTo(new Cost(384L * 1536 + 1536, 197L * 384 * 1536));
    }

    @Test
    void svdCountsBothFactorsAndTheOutputBias() {
        Cost cost = LinearCost.svd(384, 1000, 50, 1);

        assertThat(cost).isEqualTo(new Cost(384L * 50 + 50L * 1000 + 1000, 384L * 50 + 50L * 1000));
    }

    @Test
    void svdOfDeitSmallMlpSavesOnlyBelowRank307() {
        // 384·1536/(384+1536) = 307.2
        assertThat(LinearCost.svdSaves(384, 1536, 307)).isTrue();
        assertThat(LinearCost.svdSaves(384, 1536, 308)).isFalse();
        assertThat(LinearCost.svdSaves(1536, 384, 307)).isTrue();
        assertThat(LinearCost.svd(384, 1536, 308, 197).params())
                .isGreaterThan(LinearCost.dense(384, 1536, 197).params());
    }

    @Test
    void svdOfDeitSmallClassifierSavesOnlyBelowRank278() {
        // 384·1000/(384+1000) = 277.46
        assertThat(LinearCost.svdSaves(384, 1000, 277)).isTrue();
        assertThat(LinearCost.svdSaves(384, 1000, 278)).isFalse();
    }

    @Test
    void costsAddAndNeverGoNegative() {
        assertThat(new Cost(1, 2).plus(new Cost(10, 20))).isEqualTo(new Cost(11, 22));
        assertThat(new Cost(3, 4).times(3)).isEqualTo(new Cost(9, 12));
        assertThatThrownBy(() -> new Cost(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
