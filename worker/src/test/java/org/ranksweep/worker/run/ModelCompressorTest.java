package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.BlockPlan;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.DenseBlock;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.EncoderBlock;
import org.ranksweep.worker.model.ModelParameters;
import org.ranksweep.worker.model.ModelTransfer;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;

/**
 * Compressed models built from a dense one, checked against independent facts: full-rank factorisations compute
 * the dense function on real Fashion-MNIST images, and built models hold exactly the parameters the cost formulas
 * price.
 */
class ModelCompressorTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static NDManager manager;
    private static Model dense;
    private static NDArray images;

    @BeforeAll
    static void denseModelWithNonZeroBiasesAndRealImages() {
        TorchRuntime.disableGradients();
        manager = NDManager.newBaseManager();
        dense = VitFactory.create("dense", ModelPlan.dense(TINY), 7);
        SplittableRandom random = new SplittableRandom(99);
        for (Pair<String, Parameter> entry : VitFactory.vit(dense).getParameters()) {
            if (entry.getKey().endsWith("bias")) {
                float[] values = new float[(int) entry.getValue().getArray().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextDouble() - 0.5);
                }
                ParameterValues.write(entry.getValue(), values);
            }
        }
        SplitDataset data = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("fashion-mnist", null, 0, 100, 64, "none"));
        ImageBatch batch =
                new Batches(data.test(), data.normalization(), 64).load(manager, Batches.sequentialOrder(64), 0, null);
        images = batch.images();
    }

    @AfterAll
    static void close() {
        dense.close();
        manager.close();
    }

    @Test
    void fullRankComcatComputesTheDenseLogits() {
        ModelPlan plan = BudgetAllocator.comcatRanks(TINY, uniformRanks(TINY.headWidth(), TINY.headWidth()));
        assertSameLogits(plan, Methods.COMCAT);
    }

    @Test
    void fullRankSvdMatrixWithFactorizedMlpAndHeadComputesTheDenseLogits() {
        ModelPlan attention = BudgetAllocator.svdMatrixRanks(TINY, uniformRanks(TINY.width(), TINY.width()));
        int mlpFullRank = Math.min(TINY.width(), TINY.mlpHidden());
        List<BlockPlan> blocks = attention.blocks().stream()
                .map(block -> block.withMlpRanks(mlpFullRank, mlpFullRank))
                .toList();
        assertSameLogits(new ModelPlan(TINY, blocks, TINY.classes()), Methods.SVD_MATRIX);
    }

    @Test
    void keepingEveryHeadComputesTheDenseLogits() {
        assertSameLogits(BudgetAllocator.headPrune(TINY, 1.0, uniformScores()), Methods.HEAD_PRUNE);
    }

    @Test
    void lowRankComcatDiffersFromDenseButStaysFinite() {
        try (Model compressed = ModelCompressor.compress(
                dense, BudgetAllocator.comcat(TINY, 0.25), Methods.COMCAT.attentionForm(), "comcat")) {
            float[] difference = logits(compressed).sub(logits(dense)).abs().toFloatArray();
            float largest = 0;
            for (float value : difference) {
                assertThat(value).isFinite();
                largest = Math.max(largest, value);
            }
            assertThat(largest).isGreaterThan(1e-3f);
        }
    }

    @Test
    void builtModelsHoldTheParametersTheCostFormulasPrice() {
        int mlpRank = 20;
        List<ModelPlan> plans = List.of(
                ModelPlan.dense(TINY),
                BudgetAllocator.comcat(TINY, 0.5),
                BudgetAllocator.comcat(TINY, 0.125),
                BudgetAllocator.svdMatrix(TINY, 0.5),
                BudgetAllocator.headPrune(TINY, 0.25, skewedScores()),
                new ModelPlan(
                        TINY,
                        List.of(
                                new HeadLevelBlock(TINY.heads(), 5, 3).withMlpRanks(mlpRank, 7),
                                new MatrixLevelBlock(3, 4, 5, 6, null, 11),
                                new DenseBlock(9, null),
                                HeadLevelBlock.kept(List.of(), TINY.headWidth())),
                        4));
        for (ModelPlan plan : plans) {
            try (Model model = VitFactory.create("m", plan, 1)) {
                assertThat(ModelParameters.count(model.getBlock()))
                        .as(plan.toString())
                        .isEqualTo(ModelCost.of(plan).params());
            }
        }
    }

    @Test
    void headPruningLeavesFewerHeadsAndBlocksWithoutHeadsKeepOnlyTheirBias() {
        ModelPlan plan = BudgetAllocator.headPrune(TINY, 0.25, skewedScores());
        try (Model pruned = ModelCompressor.compress(dense, plan, Methods.HEAD_PRUNE.attentionForm(), "pruned")) {
            List<EncoderBlock> blocks = VitFactory.vit(pruned).blocks();
            int heads =
                    blocks.stream().mapToInt(block -> block.attention().heads()).sum();
            assertThat(heads).isEqualTo(4);
            AttentionBlock empty = blocks.get(3).attention();
            assertThat(empty.heads()).isZero();
            assertThat(ModelParameters.count(empty)).isEqualTo(TINY.width());
            assertThat(ModelParameters.count(pruned.getBlock())).isLessThan(ModelParameters.count(dense.getBlock()));
            for (float value : logits(pruned).toFloatArray()) {
                assertThat(value).isFinite();
            }
        }
    }

    @Test
    void pruningHeadsWhoseValueWeightsAreZeroKeepsTheDenseLogitsThroughTheirValueBias() {
        // With W_V of head 1 zero, head 1 adds the constant bv·Wo on every token: pruning it must keep that constant.
        int headWidth = TINY.headWidth();
        List<Integer> others = java.util.stream.IntStream.range(0, TINY.heads())
                .filter(head -> head != 1)
                .boxed()
                .toList();
        try (Model silent = VitFactory.create("silent", ModelPlan.dense(TINY), 7)) {
            VisionTransformerBlock vit = VitFactory.vit(silent);
            ModelTransfer.copyAllButAttention(VitFactory.vit(dense), vit);
            for (int index = 0; index < TINY.depth(); index++) {
                AttentionBlock from = VitFactory.vit(dense).blocks().get(index).attention();
                AttentionBlock to = vit.blocks().get(index).attention();
                for (Block[] pair :
                        new Block[][] {{from.query(), to.query()}, {from.key(), to.key()}, {from.output(), to.output()}
                        }) {
                    ParameterValues.write(
                            (Linear) pair[1], ParameterValues.weight((Linear) pair[0]), ParameterValues.bias((Linear)
                                    pair[0]));
                }
                float[][] value = ParameterValues.weight((Linear) from.value());
                for (float[] row : value) {
                    java.util.Arrays.fill(row, headWidth, 2 * headWidth, 0f);
                }
                ParameterValues.write((Linear) to.value(), value, ParameterValues.bias((Linear) from.value()));
            }
            List<BlockPlan> blocks = Collections.nCopies(TINY.depth(), HeadLevelBlock.kept(others, headWidth));
            try (Model pruned = ModelCompressor.compress(
                    silent, new ModelPlan(TINY, blocks, null), Methods.HEAD_PRUNE.attentionForm(), "pruned")) {
                float[] keptBias = ParameterValues.bias((Linear)
                        VitFactory.vit(pruned).blocks().get(0).attention().output());
                float[] denseBias = ParameterValues.bias(
                        (Linear) vit.blocks().get(0).attention().output());
                float moved = 0;
                for (int column = 0; column < keptBias.length; column++) {
                    moved = Math.max(moved, Math.abs(keptBias[column] - denseBias[column]));
                }
                assertThat(moved)
                        .as("the removed head's constant moved into the output bias")
                        .isGreaterThan(1e-3f);
                float largest = logits(pruned).sub(logits(silent)).abs().max().getFloat();
                assertThat(largest).as("max |logit difference|").isLessThan(1e-4f);
            }
        }
    }

    private static void assertSameLogits(ModelPlan plan, CompressionMethod method) {
        try (Model compressed = ModelCompressor.compress(dense, plan, method.attentionForm(), method.name())) {
            NDArray expected = logits(dense);
            NDArray actual = logits(compressed);
            assertThat(actual.getShape()).isEqualTo(expected.getShape());
            float largest = actual.sub(expected).abs().max().getFloat();
            float scale = expected.abs().max().getFloat();
            assertThat(scale).isGreaterThan(0.1f);
            assertThat(largest).as("max |logit difference|").isLessThan(1e-4f);
        }
    }

    private static NDArray logits(Model model) {
        VisionTransformerBlock vit = VitFactory.vit(model);
        return vit.forward(new ParameterStore(manager, false), new NDList(images), false)
                .head();
    }

    private static RankSpec uniformRanks(int qk, int vo) {
        return new RankSpec(Collections.nCopies(TINY.depth(), qk), Collections.nCopies(TINY.depth(), vo));
    }

    private static double[][] uniformScores() {
        double[][] scores = new double[TINY.depth()][TINY.heads()];
        for (double[] block : scores) {
            java.util.Arrays.fill(block, 1.0);
        }
        return scores;
    }

    /** Block 0 holds the four best heads, block 3 the worst. */
    private static double[][] skewedScores() {
        double[][] scores = new double[TINY.depth()][TINY.heads()];
        for (int block = 0; block < TINY.depth(); block++) {
            for (int head = 0; head < TINY.heads(); head++) {
                scores[block][head] = 100 - block * 10 - head;
            }
        }
        return scores;
    }
}
