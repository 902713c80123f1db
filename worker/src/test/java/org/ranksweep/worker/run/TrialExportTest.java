package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.worker.checkpoint.CheckpointExport;
import org.ranksweep.worker.checkpoint.CheckpointImport;
import org.ranksweep.worker.checkpoint.CheckpointImportTestAccess;
import org.ranksweep.worker.checkpoint.ExportConfig;
import org.ranksweep.worker.checkpoint.TrialExport;
import org.ranksweep.worker.data.EvalTransform;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.data.Preprocessing;
import org.ranksweep.worker.eval.Evaluation;
import org.ranksweep.worker.model.VitFactory;

/** A trial's artifact directory, as the trial runner writes it, exports and re-imports with the same logits. */
class TrialExportTest {

    private static final VitShape SHAPE = ModelCatalog.VIT_TINY_FMNIST;
    private static final Preprocessing PREPROCESSING =
            Preprocessing.of(Normalization.uniform(0.286, 0.353), 1, 28, 28, null);

    @Test
    void artifactDirectoryExportsToSafetensorsThatReimportWithIdenticalLogits(@TempDir Path dir) throws Exception {
        ModelPlan plan = new ModelPlan(
                SHAPE,
                List.of(
                        new HeadLevelBlock(4, 5, 7),
                        new MatrixLevelBlock(9, 9, 9, 9),
                        new HeadLevelBlock(1, 24, 24, List.of(2), 30, 30),
                        new HeadLevelBlock(4, 24, 24)),
                null);
        Map<String, Object> ranks = Map.of("qk", List.of(5, 9, 24, 24));
        TrialConfig config = new TrialConfig(
                "comcat",
                "comcat",
                0.5,
                null,
                null,
                false,
                new ModelSpec(SHAPE.name(), new BaseSpec(new TrainRecipe(1, 1e-3, 64, 0.05), null)),
                new DatasetSpec("synthetic", null, 0, null, null, "none"),
                null,
                0,
                new ResourceSpec("cpu", 0));
        float[][] images = CheckpointImportTestAccess.randomImages(SHAPE, 2, 4);
        float[][] expected;
        TrialArtifacts.Written written;
        try (Model model = VitFactory.create("trial", plan, 3)) {
            written = new TrialArtifacts(dir.resolve("artifacts"))
                    .write(config, model, plan, ranks, new Evaluation(0.5, 1, 1, 1, 1, 1), "base", PREPROCESSING);
            expected = CheckpointImportTestAccess.forward(model, SHAPE, images);
        }
        Path out = dir.resolve("trial.safetensors");
        TrialExport.export(written.directory(), out, Map.of("ranksweep.trial", "1"));
        assertThat(exportOfACorruptedCopy(written.directory(), dir.resolve("corrupted")))
                .isInstanceOf(RankSweepException.class)
                .hasMessageContaining("does not match the SHA-256 " + written.paramsSha256());
        try (CheckpointImport.ImportedModel imported = CheckpointImport.exported("again", out)) {
            assertThat(imported.plan()).isEqualTo(plan);
            assertThat(imported.ranks()).isEqualTo(ranks);
            assertThat(imported.metadata()).containsEntry("ranksweep.paramsSha256", written.paramsSha256());
            assertThat(CheckpointImportTestAccess.forward(imported.model(), SHAPE, images))
                    .isDeepEqualTo(expected);
            JsonNode metadataConfig =
                    Json.mapper().readTree(imported.metadata().get(CheckpointExport.PRETRAINED_CONFIG_KEY));
            JsonNode fileConfig = Json.mapper().readTree(Files.readString(dir.resolve("config.json")));
            assertThat(fileConfig.get("pretrained_cfg")).isEqualTo(metadataConfig);
            assertThat(metadataConfig.get("mean").toString()).isEqualTo("[0.286]");
            assertThat(metadataConfig.get("std").toString()).isEqualTo("[0.353]");
            assertThat(metadataConfig.get("input_size").toString()).isEqualTo("[1,28,28]");
            assertThat(metadataConfig.get("num_classes").asInt()).isEqualTo(10);
            assertThat(metadataConfig.get("crop_pct").asDouble()).isEqualTo(1.0);
            assertThat(fileConfig.at("/model_args/embed_dim").asInt()).isEqualTo(SHAPE.width());
            assertThat(fileConfig.at("/ranksweep/weights").asText()).isEqualTo("trial.safetensors");
        }
    }

    @Test
    void imageFolderTrialsExportTheirResizeAsInterpolationAndCrop() {
        Preprocessing preprocessing = Preprocessing.of(Normalization.IMAGENET, 3, 224, 224, EvalTransform.TIMM_DEIT);
        Map<String, Object> config = ExportConfig.pretrainedConfig(ModelCatalog.DEIT_TINY, preprocessing);
        assertThat(config)
                .containsEntry("interpolation", "bicubic")
                .containsEntry("crop_pct", 224 / 248.0)
                .containsEntry("input_size", List.of(3, 224, 224))
                .containsEntry("mean", List.of(0.485, 0.456, 0.406))
                .containsEntry("num_classes", 1000);
    }

    @Test
    void artifactDirectoryWithoutPreprocessingIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path artifacts = Files.createDirectories(dir.resolve("old-trial"));
        Files.writeString(
                artifacts.resolve("plan.json"), Json.write(Map.of("plan", ModelPlan.dense(SHAPE), "ranks", Map.of())));
        Files.writeString(artifacts.resolve("summary.json"), Json.write(Map.of("paramsFile", "model-0000.params")));
        assertThatThrownBy(() -> TrialExport.export(artifacts, dir.resolve("x.safetensors"), Map.of()))
                .isInstanceOf(RankSweepException.class)
                .hasMessageContaining("plan.json: no preprocessing")
                .hasMessageContaining("ranksweep submit");
        assertThat(dir.resolve("x.safetensors")).doesNotExist();
    }

    /** What exporting a copy of the artifact directory with one byte of its parameters flipped throws. */
    private static Throwable exportOfACorruptedCopy(Path artifacts, Path copy) throws Exception {
        Files.createDirectories(copy);
        try (var files = Files.list(artifacts)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        String paramsFile = Json.mapper()
                .readTree(Files.readString(copy.resolve("summary.json")))
                .get("paramsFile")
                .asText();
        Path params = copy.resolve(paramsFile);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(params, bytes);
        Path out = copy.resolve("never.safetensors");
        Throwable thrown = catchThrowable(() -> TrialExport.export(copy, out, Map.of()));
        assertThat(out).doesNotExist();
        return thrown;
    }
}
