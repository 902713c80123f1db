package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
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
import org.ranksweep.worker.eval.Evaluation;
import org.ranksweep.worker.model.VitFactory;

/** A trial's artifact directory, as the trial runner writes it, exports and re-imports with the same logits. */
class TrialExportTest {

    private static final VitShape SHAPE = ModelCatalog.VIT_TINY_FMNIST;

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
                    .write(config, model, plan, ranks, new Evaluation(0.5, 1, 1, 1, 1, 1), "base");
            expected = CheckpointImportTestAccess.forward(model, SHAPE, images);
        }
        Path out = dir.resolve("trial.safetensors");
        TrialExport.export(written.directory(), out, Map.of("ranksweep.trial", "1"));
        try (CheckpointImport.ImportedModel imported = CheckpointImport.exported("again", out)) {
            assertThat(imported.plan()).isEqualTo(plan);
            assertThat(imported.ranks()).isEqualTo(ranks);
            assertThat(imported.metadata()).containsEntry("ranksweep.paramsSha256", written.paramsSha256());
            assertThat(CheckpointImportTestAccess.forward(imported.model(), SHAPE, images))
                    .isDeepEqualTo(expected);
        }
    }
}
