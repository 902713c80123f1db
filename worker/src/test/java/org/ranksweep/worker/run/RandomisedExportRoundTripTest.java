package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.DenseBlock;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.worker.checkpoint.CheckpointImport;
import org.ranksweep.worker.checkpoint.CheckpointImportTestAccess;
import org.ranksweep.worker.checkpoint.TrialExport;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.data.Preprocessing;
import org.ranksweep.worker.eval.Evaluation;
import org.ranksweep.worker.model.EncoderBlock;
import org.ranksweep.worker.model.FactorizedLinearBlock;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.safetensors.SafetensorsFile;

/**
 * Models whose every parameter is random (weights, every bias, LayerNorm gamma and beta, class token, positions)
 * go the way {@code ranksweep export} takes them (trial artifacts, then safetensors) and come back through the
 * importers with every parameter and the logits unchanged. Freshly built models have zero biases and unit
 * LayerNorms, so a bias or norm written under the wrong name would go unnoticed with them.
 */
class RandomisedExportRoundTripTest {

    /** DeiT's structure, small: 32×32 RGB, patch 8, d = 48, 3 blocks, 3 heads of width 16, 10 classes. */
    private static final VitShape SHAPE = new VitShape("mini-deit", 32, 3, 8, 48, 3, 3, 4, 10);

    @TempDir
    Path directory;

    @BeforeAll
    static void noAutograd() {
        TorchRuntime.disableGradients();
    }

    @Test
    void randomisedDenseModelRoundTripsAndIsTheTimmModelItClaimsToBe() throws Exception {
        ModelPlan plan = ModelPlan.dense(SHAPE);
        try (Model dense = randomised(VitFactory.create("dense", plan, 1), 11)) {
            Path file = exportAndCompare(dense, plan, Methods.DENSE);
            float[][] images = CheckpointImportTestAccess.randomImages(SHAPE, 2, 5);
            float[][] logits = CheckpointImportTestAccess.forward(dense, SHAPE, images);
            CheckpointImportTestAccess.assertClose(
                    logits, CheckpointImportTestAccess.timmLogits(file, SHAPE, images), 1e-4);
            try (Model timm = CheckpointImport.timm("timm", SHAPE, file)) {
                assertSameParameters(timm, dense);
                assertThat(CheckpointImportTestAccess.forward(timm, SHAPE, images))
                        .isDeepEqualTo(logits);
            }
        }
    }

    @Test
    void randomisedComcatModelWithFactorisedMlpRoundTrips() throws Exception {
        ModelPlan plan = new ModelPlan(
                SHAPE,
                List.of(
                        new HeadLevelBlock(3, 5, 7).withMlpRanks(9, null),
                        new HeadLevelBlock(3, 16, 16),
                        new HeadLevelBlock(3, 4, 6).withMlpRanks(null, 12)),
                4);
        roundTripCompressed(plan, Methods.COMCAT, 12);
    }

    @Test
    void randomisedSvdMatrixModelRoundTrips() throws Exception {
        ModelPlan plan = new ModelPlan(
                SHAPE,
                List.of(
                        new MatrixLevelBlock(6, 8, 10, 12, null, 6),
                        new MatrixLevelBlock(4, 4, 4, 4),
                        new MatrixLevelBlock(48, 20, 30, 40, 7, null)),
                null);
        roundTripCompressed(plan, Methods.SVD_MATRIX, 13);
    }

    @Test
    void randomisedHeadPruneModelWithAnEmptyBlockRoundTrips() throws Exception {
        ModelPlan plan = new ModelPlan(
                SHAPE,
                List.of(
                        HeadLevelBlock.kept(List.of(0, 2), 16),
                        HeadLevelBlock.kept(List.of(), 16),
                        HeadLevelBlock.kept(List.of(1), 16)),
                null);
        roundTripCompressed(plan, Methods.HEAD_PRUNE, 14);
    }

    @Test
    void denseBlocksInsideACompressedPlanRoundTrip() throws Exception {
        // No method builds this mix from a dense model, but the file format allows it: build it directly.
        ModelPlan plan = new ModelPlan(
                SHAPE, List.of(new DenseBlock(), new HeadLevelBlock(3, 8, 8), new DenseBlock(10, 10)), null);
        try (Model mixed = randomised(VitFactory.create("mixed", plan, 1), 15)) {
            Path file = exportAndCompare(mixed, plan, Methods.COMCAT);
            try (SafetensorsFile exported = SafetensorsFile.open(file)) {
                assertBiasesUnderTheirOwnNames(mixed, exported);
            }
        }
    }

    private void roundTripCompressed(ModelPlan plan, CompressionMethod method, long seed) throws Exception {
        try (Model base = randomised(VitFactory.create("dense", ModelPlan.dense(SHAPE), 1), seed);
                Model compressed = randomised(
                        ModelCompressor.compress(base, plan, method.attentionForm(), method.name()), seed + 100)) {
            Path file = exportAndCompare(compressed, plan, method);
            try (SafetensorsFile exported = SafetensorsFile.open(file)) {
                assertBiasesUnderTheirOwnNames(compressed, exported);
            }
        }
    }

    /**
     * Writes {@code model} as a trial's artifacts, exports them as safetensors, imports the file and checks that
     * the plan, every parameter and the logits of a batch come back unchanged; returns the file.
     */
    private Path exportAndCompare(Model model, ModelPlan plan, CompressionMethod method) throws Exception {
        TrialConfig config = new TrialConfig(
                method.name(),
                method.name(),
                null,
                null,
                null,
                false,
                new ModelSpec(SHAPE.name(), new BaseSpec(new TrainRecipe(1, 1e-3, 64, 0.05), null)),
                new DatasetSpec("synthetic", null, 0, null, null, "none"),
                null,
                0,
                new ResourceSpec("cpu", 0));
        Map<String, Object> ranks = Map.of("method", method.name());
        TrialArtifacts.Written written = new TrialArtifacts(directory.resolve("artifacts"))
                .write(
                        config,
                        model,
                        plan,
                        ranks,
                        new Evaluation(0.5, 1, 1, 1, 1, 1),
                        "base",
                        Preprocessing.of(Normalization.IMAGENET, 3, 32, 32, null));
        Path file = directory.resolve(method.name() + ".safetensors");
        TrialExport.export(written.directory(), file, Map.of());
        float[][] images = CheckpointImportTestAccess.randomImages(SHAPE, 4, 9);
        try (CheckpointImport.ImportedModel imported = CheckpointImport.exported("again", file)) {
            assertThat(imported.plan()).isEqualTo(plan);
            assertThat(imported.ranks()).isEqualTo(ranks);
            assertSameParameters(imported.model(), model);
            assertThat(CheckpointImportTestAccess.forward(imported.model(), SHAPE, images))
                    .isDeepEqualTo(CheckpointImportTestAccess.forward(model, SHAPE, images));
        }
        return file;
    }

    /** Gives every parameter new random values: N(0, 0.2²), LayerNorm gammas around 1; returns the model. */
    private static Model randomised(Model model, long seed) {
        return CheckpointImportTestAccess.randomised(model, seed);
    }

    /** Every parameter of {@code actual} holds exactly the values of {@code expected}'s parameter of that name. */
    private static void assertSameParameters(Model actual, Model expected) {
        Map<String, float[]> actualValues = values(actual);
        Map<String, float[]> expectedValues = values(expected);
        assertThat(actualValues.keySet()).containsExactlyElementsOf(expectedValues.keySet());
        expectedValues.forEach(
                (name, values) -> assertThat(actualValues.get(name)).as(name).containsExactly(values));
    }

    private static Map<String, float[]> values(Model model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
            values.put(entry.getKey(), entry.getValue().getArray().toFloatArray());
        }
        assertThat(values).isNotEmpty();
        return values;
    }

    /**
     * The file's bias and LayerNorm tensors, looked up by their timm names written out here, hold the model's
     * parameters of the same role (a swap that export and import make alike would survive the round trip).
     */
    private static void assertBiasesUnderTheirOwnNames(Model model, SafetensorsFile file) {
        List<EncoderBlock> blocks = VitFactory.vit(model).blocks();
        for (int index = 0; index < blocks.size(); index++) {
            String prefix = "blocks." + index + ".";
            EncoderBlock block = blocks.get(index);
            assertTensor(
                    file,
                    prefix + "norm1.weight",
                    block.attentionNorm().getParameters().get("gamma"));
            assertTensor(
                    file,
                    prefix + "norm1.bias",
                    block.attentionNorm().getParameters().get("beta"));
            assertTensor(
                    file,
                    prefix + "norm2.weight",
                    block.mlpNorm().getParameters().get("gamma"));
            assertTensor(
                    file, prefix + "norm2.bias", block.mlpNorm().getParameters().get("beta"));
            if (block.attention().heads() == 0) {
                assertTensor(file, prefix + "attn.proj.bias", block.attention().outputBias());
            } else if (file.tensors().containsKey(prefix + "attn.q.bias")
                    || file.tensors().containsKey(prefix + "attn.q.1.bias")) {
                assertLinearBias(file, prefix + "attn.q", block.attention().query());
                assertLinearBias(file, prefix + "attn.k", block.attention().key());
                assertLinearBias(file, prefix + "attn.v", block.attention().value());
                assertLinearBias(file, prefix + "attn.proj", block.attention().output());
            }
            assertLinearBias(file, prefix + "mlp.fc1", block.fc1());
            assertLinearBias(file, prefix + "mlp.fc2", block.fc2());
        }
        assertLinearBias(file, "head", VitFactory.vit(model).head());
    }

    private static void assertLinearBias(SafetensorsFile file, String prefix, ai.djl.nn.Block linear) {
        if (linear instanceof FactorizedLinearBlock factorized) {
            assertTensor(
                    file,
                    prefix + ".1.bias",
                    factorized.second().getParameters().get("bias"));
        } else {
            assertTensor(file, prefix + ".bias", linear.getParameters().get("bias"));
        }
    }

    private static void assertTensor(SafetensorsFile file, String name, Parameter parameter) {
        assertThat(file.floats(name))
                .as(name)
                .containsExactly(parameter.getArray().toFloatArray());
    }
}
