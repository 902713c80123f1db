package org.ranksweep.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

class ModelCostTest {

    static List<VitShape> shapes() {
        return List.of(
                ModelCatalog.VIT_TINY_FMNIST, ModelCatalog.DEIT_TINY, ModelCatalog.DEIT_SMALL, ModelCatalog.DEIT_BASE);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void denseTotalEqualsSumOverTensorsAndMatmuls(VitShape shape) {
        ReferenceVit reference = ReferenceVit.dense(shape);

        Cost cost = ModelCost.of(ModelPlan.dense(shape));

        assertThat(cost).isEqualTo(new Cost(reference.params(), reference.macs()));
    }

    @Test
    void denseDeitSizesMatchPublishedMagnitudes() {
        Cost tiny = ModelCost.of(ModelPlan.dense(ModelCatalog.DEIT_TINY));
        Cost small = ModelCost.of(ModelPlan.dense(ModelCatalog.DEIT_SMALL));
        Cost base = ModelCost.of(ModelPlan.dense(ModelCatalog.DEIT_BASE));

        assertThat(tiny.params() / 1e6).isCloseTo(5.7, within(0.05));
        assertThat(tiny.macs() / 1e9).isCloseTo(1.3, within(0.05));
        assertThat(small.params() / 1e6).isCloseTo(22.05, within(0.05));
        assertThat(small.macs() / 1e9).isCloseTo(4.6, within(0.05));
        assertThat(base.params() / 1e6).isCloseTo(86.6, within(0.05));
        assertThat(base.macs() / 1e9).isCloseTo(17.6, within(0.05));
    }

    @Test
    void compressedTotalEqualsSumOverTensorsAndMatmuls() {
        VitShape shape = ModelCatalog.DEIT_SMALL;
        List<BlockPlan> blocks =
                Collections.nCopies(shape.depth(), new HeadLevelBlock(shape.heads(), 20, 12).withMlpRanks(100, 100));
        ModelPlan plan = new ModelPlan(shape, blocks, 64);
        ReferenceVit reference = ReferenceVit.of(shape, shape.heads(), 20, 12, 100, 64);

        assertThat(ModelCost.of(plan)).isEqualTo(new Cost(reference.params(), reference.macs()));
    }

    @Test
    void modelWithHeadlessBlocksStillCountsEveryOtherPart() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        ModelPlan plan =
                new ModelPlan(shape, Collections.nCopies(shape.depth(), HeadLevelBlock.kept(List.of(), 24)), null);
        ReferenceVit reference = ReferenceVit.of(shape, 0, 24, 24, null, null);

        assertThat(ModelCost.of(plan)).isEqualTo(new Cost(reference.params(), reference.macs()));
        assertThat(ModelCost.attention(plan)).isEqualTo(new Cost(4L * shape.width(), 0));
    }

    @Test
    void attentionCostSumsTheBlocksAttentionOnly() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        List<BlockPlan> blocks = new ArrayList<>();
        blocks.add(new DenseBlock(10, 10));
        blocks.add(new HeadLevelBlock(4, 6, 4));
        blocks.add(new MatrixLevelBlock(8, 8, 16, 16));
        blocks.add(HeadLevelBlock.kept(List.of(1, 3), 24));
        ModelPlan plan = new ModelPlan(shape, blocks, null);

        Cost expected = AttentionCost.dense(shape)
                .plus(AttentionCost.headLevel(shape, 4, 6, 4))
                .plus(AttentionCost.matrixLevel(shape, 8, 8, 16, 16))
                .plus(AttentionCost.headLevel(shape, 2, 24, 24));

        assertThat(ModelCost.attention(plan)).isEqualTo(expected);
    }

    @Test
    void attentionFractionCountsWeightsWithoutBiases() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        List<BlockPlan> blocks = List.of(
                new DenseBlock(), new HeadLevelBlock(4, 6, 6), new DenseBlock(), HeadLevelBlock.kept(List.of(), 24));
        ModelPlan plan = new ModelPlan(shape, blocks, null);

        // dense 1 + comcat (6+6)/(2·24)=0.25 + dense 1 + empty 0, over four blocks
        assertThat(ModelCost.attentionFraction(plan)).isCloseTo(2.25 / 4, within(1e-12));
        assertThat(ModelCost.attentionFraction(ModelPlan.dense(shape))).isEqualTo(1.0);
    }
}
