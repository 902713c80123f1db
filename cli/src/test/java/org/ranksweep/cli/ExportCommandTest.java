package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.testing.TrialDriver;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.worker.checkpoint.CheckpointImport;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.data.Preprocessing;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.Digests;

/** {@code ranksweep export}: a trial's artifact directory out as safetensors, and back in with the same logits. */
class ExportCommandTest {

    @RegisterExtension
    static final DatabaseExtension DB = new DatabaseExtension();

    private static final VitShape SHAPE = ModelCatalog.VIT_TINY_FMNIST;

    @Test
    void exportedTrialReimportsWithTheSameLogitsPlanAndRanks(@TempDir Path dir) throws Exception {
        ModelPlan plan = new ModelPlan(
                SHAPE,
                List.of(
                        new HeadLevelBlock(4, 6, 10),
                        new HeadLevelBlock(4, 3, 5),
                        new HeadLevelBlock(2, 24, 24, List.of(0, 3), null, null),
                        new HeadLevelBlock(4, 12, 12, null, 40, null)),
                8);
        Map<String, Object> ranks = new LinkedHashMap<>();
        ranks.put("qk", List.of(6, 3, 24, 12));
        ranks.put("vo", List.of(10, 5, 24, 12));
        Path artifacts = dir.resolve("trial-artifacts");
        Files.createDirectories(artifacts);
        float[] expected;
        try (Model model = VitFactory.create("trial", plan, 9)) {
            // The layout TrialArtifacts writes: DJL parameters, plan.json with plan and ranks, summary.json.
            model.save(artifacts, "model");
            Files.writeString(
                    artifacts.resolve("plan.json"),
                    Json.write(Map.of(
                            "plan",
                            plan,
                            "ranks",
                            ranks,
                            "preprocessing",
                            Preprocessing.of(Normalization.uniform(0.3, 0.35), 1, 28, 28, null))));
            Files.writeString(
                    artifacts.resolve("summary.json"),
                    Json.write(Map.of(
                            "paramsFile",
                            "model-0000.params",
                            "paramsSha256",
                            Digests.sha256(artifacts.resolve("model-0000.params")))));
            expected = logits(model);
        }
        long trialId = completedTrial(artifacts);
        Path out = dir.resolve("exported.safetensors");

        ValidateCommandTest.Captured run = ValidateCommandTest.run(ReportCommandTest.withDatabase(
                DB.config(), "export", "--trial", Long.toString(trialId), "--out", out.toString()));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("exported trial " + trialId);
        assertThat(dir.resolve("config.json")).content().contains("\"mean\":[0.3]", "\"std\":[0.35]");
        try (CheckpointImport.ImportedModel imported = CheckpointImport.exported("reimported", out)) {
            assertThat(imported.plan()).isEqualTo(plan);
            assertThat(imported.ranks()).isEqualTo(ranks);
            assertThat(imported.metadata())
                    .containsEntry("ranksweep.trial", Long.toString(trialId))
                    .containsEntry("ranksweep.method", "comcat");
            assertThat(logits(imported.model())).containsExactly(expected);
        }
    }

    @Test
    void pendingTrialHasNothingToExport(@TempDir Path dir) {
        StoredSweep sweep = new JdbcSweepRepository(DB.database())
                .create(SampleTrials.sweep("pending-export", List.of(SampleTrials.config("comcat", 0.5, 0)), 3))
                .sweep();
        long trialId = new JdbcTrialRepository(DB.database())
                .listBySweep(sweep.id())
                .get(0)
                .id()
                .value();
        ValidateCommandTest.Captured run = ValidateCommandTest.run(ReportCommandTest.withDatabase(
                DB.config(),
                "export",
                "--trial",
                Long.toString(trialId),
                "--out",
                dir.resolve("x.safetensors").toString()));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("trial " + trialId + " is PENDING");
    }

    private static long completedTrial(Path artifacts) {
        StoredSweep sweep = new JdbcSweepRepository(DB.database())
                .create(SampleTrials.sweep("export", List.of(SampleTrials.config("comcat", 0.5, 0)), 3))
                .sweep();
        TrialId trial = new JdbcTrialRepository(DB.database())
                .listBySweep(sweep.id())
                .get(0)
                .id();
        new TrialDriver(DB.database())
                .complete(
                        trial,
                        "worker",
                        List.of(),
                        new TrialResult(
                                0.75,
                                1000,
                                2000,
                                300,
                                1.0,
                                9.0,
                                Map.of("qk", List.of(6, 3, 24, 12)),
                                artifacts.toString(),
                                "00".repeat(32)));
        return trial.value();
    }

    private static float[] logits(Model model) {
        TorchRuntime.disableGradients();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            var shape = VitFactory.vit(model).inputShape(2);
            var input = scope.create(deterministic(shape.size()), shape);
            return VitFactory.vit(model)
                    .forward(new ParameterStore(scope, false), new NDList(input), false)
                    .head()
                    .toFloatArray();
        }
    }

    private static float[] deterministic(long size) {
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.37);
        }
        return values;
    }
}
