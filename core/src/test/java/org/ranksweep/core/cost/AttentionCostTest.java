package org.ranksweep.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

class AttentionCostTest {

    static List<VitShape> shapes() {
        return ModelCostTest.shapes();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void denseIsFourProjectionsPlusPerHeadAttentionMatmuls(VitShape shape) {
        long d = shape.width();
        long n = shape.tokens();
        long projectionMacs = 4 * n * d * d;
        long perHeadMacs = n * n * shape.headWidth() + n * n * shape.headWidth();

        Cost cost = AttentionCost.dense(shape);

        assertThat(cost.params()).isEqualTo(4 * (d * d + d));
        assertThat(cost.macs()).isEqualTo(projectionMacs + shape.heads() * perHeadMacs);
        assertThat(cost.macs()).isEqualTo(2 * d * (2 * n * d + n * n));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void headLevelAtFullRankEqualsDense(VitShape shape) {
        Cost full = AttentionCost.headLevel(shape, shape.heads(), shape.headWidth(), shape.headWidth());

        assertThat(full).isEqualTo(AttentionCost.dense(shape));
        assertThat(AttentionCost.headLevelWeights(shape, shape.heads(), shape.headWidth(), shape.headWidth()))
                .isEqualTo(AttentionCost.denseWeights(shape));
    }

    @Test
    void headLevelMacsAndBiasFreeWeightsFollowTheHeadFormula() {
        VitShape shape = ModelCatalog.DEIT_SMALL;
        long d = shape.width();
        long n = shape.tokens();
        int[][] cases = {{6, 32, 32}, {6, 11, 5}, {3, 64, 1}, {1, 1, 1}};
        for (int[] headsQkVo : cases) {
            long heads = headsQkVo[0];
            long qk = headsQkVo[1];
            long vo = headsQkVo[2];

            Cost cost = AttentionCost.headLevel(shape, headsQkVo[0], headsQkVo[1], headsQkVo[2]);

            long biases = 2 * heads * qk + heads * vo + d;
            assertThat(cost.macs()).isEqualTo(heads * (qk + vo) * (2 * n * d + n * n));
            assertThat(cost.params() - biases).isEqualTo(2 * d * heads * (qk + vo));
            assertThat(AttentionCost.headLevelWeights(shape, headsQkVo[0], headsQkVo[1], headsQkVo[2]))
                    .isEqualTo(2 * d * heads * (qk + vo));
        }
    }

    @Test
    void zeroHeadsLeaveOnlyTheOutputBias() {
        VitShape shape = ModelCatalog.DEIT_BASE;

        assertThat(AttentionCost.headLevel(shape, 0, 64, 64)).isEqualTo(new Cost(shape.width(), 0));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matrixLevelAtHalfWidthHoldsExactlyTheDenseParametersAndMacs(VitShape shape) {
        int half = shape.width() / 2;

        assertThat(AttentionCost.matrixLevel(shape, half, half, half, half)).isEqualTo(AttentionCost.dense(shape));
    }

    @Test
    void matrixLevelCountsEachProjectionSeparately() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        long d = shape.width();
        long n = shape.tokens();
        int[] ranks = {3, 5, 7, 11};
        long params = 0;
        long macs = 2 * n * n * d;
        for (int rank : ranks) {
            params += d * rank + rank * d + d;
            macs += n * d * rank + n * rank * d;
        }

        Cost cost = AttentionCost.matrixLevel(shape, 3, 5, 7, 11);

        assertThat(cost).isEqualTo(new Cost(params, macs));
        assertThat(AttentionCost.matrixLevelWeights(shape, 3, 5, 7, 11)).isEqualTo(params - 4 * d);
    }
}
