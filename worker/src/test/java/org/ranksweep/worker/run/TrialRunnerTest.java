package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.AttentionCost;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FeatureAlignSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.TrainingCancelledException;

/** Whole trials on synthetic data; the base model is trained once per class and reused by later trials. */
class TrialRunnerTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final DatasetSpec DATASET = new DatasetSpec("synthetic", null, 200, 600, 300, "none");
    private static final ModelSpec MODEL =
            new ModelSpec(TINY.name(), new BaseSpec(new TrainRecipe(1, 2e-3, 64, 0.05), null));
    private static final FinetuneSpec FINETUNE = new FinetuneSpec(
            1, 1e-3, 1e-5, 64, 0.05, new DistillSpec(true, 0.5), new FeatureAlignSpec(0.01, List.of(0, 3)));
    private static final FinetuneSpec NO_FINETUNE = new FinetuneSpec(0, 1e-3, 1e-5, 64, 0.05, null, null);

    @TempDir
    static Path artifacts;

    private static TrialRunner runner;

    @BeforeAll
    static void runner() {
        runner = new TrialRunner(new WorkerSettings(artifacts, artifacts.resolve("datasets"), 2));
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    @Test
    void comcatTrialReportsCostsRanksMetricsAndArtifacts() throws Exception {
        Recording recording = new Recording();
        TrialResult result = runner.run(config("comcat", 0.5, null, FINETUNE), recording, CancellationFlag.never());
        ModelPlan plan = BudgetAllocator.comcat(TINY, 0.5);
        assertThat(result.params()).isEqualTo(ModelCost.of(plan).params());
        assertThat(result.macs()).isEqualTo(ModelCost.of(plan).macs());
        assertThat(result.attentionParams()).isEqualTo(ModelCost.attention(plan).params());
        assertThat(result.ranks()).isEqualTo(Map.of("qk", List.of(12, 12, 12, 12), "vo", List.of(12, 12, 12, 12)));
        assertThat(result.top1()).isBetween(0.0, 1.0);
        assertThat(result.latencyMsBatch1()).isPositive();
        assertThat(result.latencyMsBatch64()).isPositive();
        // timed beside the dense base, 11 rounds; the stored figures are the ones the trial reported
        assertThat(result.speedupVsDense().rounds()).isEqualTo(11);
        assertThat(recording.value("eval", 0, "speedupVsDense"))
                .isEqualTo(result.speedupVsDense().median());
        assertThat(recording.value("eval", 0, "speedupVsDenseMin"))
                .isEqualTo(result.speedupVsDense().min());
        assertThat(recording.has("compress", 0, "heldout", "top1")).isTrue();
        assertThat(recording.has("finetune", 1, "heldout", "top1")).isTrue();
        assertThat(recording.has("eval", 0, "test", "top1")).isTrue();
        assertThat(recording.phases()).contains("data", "compress", "finetune", "eval");
        Path directory = Path.of(result.artifactPath());
        assertThat(directory.resolve("plan.json")).exists();
        assertThat(Files.readString(directory.resolve("summary.json"))).contains(result.artifactSha256());
        Path params = Files.list(directory)
                .filter(file -> file.toString().endsWith(".params"))
                .findFirst()
                .orElseThrow();
        assertThat(result.artifactSha256()).isEqualTo(sha256(params));
    }

    @Test
    void denseTrialEvaluatesTheBaseModelWithoutFineTuning() {
        Recording recording = new Recording();
        TrialResult result = runner.run(config("dense", null, null, FINETUNE), recording, CancellationFlag.never());
        assertThat(result.ranks()).isEmpty();
        assertThat(result.params())
                .isEqualTo(ModelCost.of(ModelPlan.dense(TINY)).params());
        assertThat(recording.phases()).doesNotContain("finetune");
    }

    @Test
    void denseFtFineTunesAnExactCopyOfTheBaseWithTheTrialsRecipe() {
        TrialResult dense =
                runner.run(config("dense", null, null, NO_FINETUNE), new Recording(), CancellationFlag.never());
        TrialResult copy =
                runner.run(config("dense-ft", null, null, NO_FINETUNE), new Recording(), CancellationFlag.never());
        assertThat(copy.top1()).isEqualTo(dense.top1());
        assertThat(copy.params()).isEqualTo(dense.params());

        Recording recording = new Recording();
        TrialResult tuned = runner.run(config("dense-ft", null, null, FINETUNE), recording, CancellationFlag.never());
        assertThat(recording.has("finetune", 1, "heldout", "top1")).isTrue();
        assertThat(tuned.params()).isEqualTo(dense.params());
        assertThat(tuned.ranks()).isEmpty();
    }

    @Test
    void distilledTrialsOfOneBaseModelShareOneFileOfTeacherLabels() throws IOException {
        FinetuneSpec distillOnly = new FinetuneSpec(1, 1e-3, 1e-5, 64, 0.05, new DistillSpec(true, 0.5), null);
        Path labels = artifacts.resolve("base").resolve("teacher-labels");
        runner.run(
                withSeed(config("svd-matrix", 0.5, null, distillOnly), 31), new Recording(), CancellationFlag.never());
        runner.run(
                withSeed(config("head-prune", 0.5, null, distillOnly), 31), new Recording(), CancellationFlag.never());
        try (Stream<Path> files = Files.list(labels)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .endsWith(".labels");
        }
    }

    @Test
    void aSecondTrialReusesTheCachedBaseModel() {
        Recording first = new Recording();
        Recording second = new Recording();
        TrialConfig config = withSeed(config("svd-matrix", 0.25, null, NO_FINETUNE), 77);
        runner.run(config, first, CancellationFlag.never());
        TrialResult result =
                runner.run(withSeed(config("comcat", 0.25, null, NO_FINETUNE), 77), second, CancellationFlag.never());
        assertThat(first.metrics.stream().filter(metric -> metric.phase().equals("base")))
                .isNotEmpty();
        assertThat(second.metrics.stream().filter(metric -> metric.phase().equals("base")))
                .isEmpty();
        assertThat(result.ranks()).containsEntry("qk", List.of(6, 6, 6, 6));
        // Every trial reports its base model's attention spectrum, the reused one from the cache entry.
        List<TrialMetric> firstSpectrum = first.metrics.stream()
                .filter(metric -> metric.phase().equals("spectrum"))
                .toList();
        assertThat(firstSpectrum)
                .isNotEmpty()
                .containsExactlyElementsOf(second.metrics.stream()
                        .filter(metric -> metric.phase().equals("spectrum"))
                        .toList());
        assertThat(first.has("spectrum", 4, "qk", "rank90max")).isTrue();
        assertThat(first.value("spectrum", 0, "headWidth")).isEqualTo(TINY.headWidth());
    }

    @Test
    void svdMatrixAndTaylorHeadPruneReportTheirRanksAndHeads() {
        TrialResult svd =
                runner.run(config("svd-matrix", 0.25, null, NO_FINETUNE), new Recording(), CancellationFlag.never());
        assertThat(svd.ranks()).isEqualTo(Map.of("rank", List.of(12, 12, 12, 12)));
        TrialConfig taylor = new TrialConfig(
                "head-prune", "prune", 0.5, null, "taylor", false, MODEL, DATASET, NO_FINETUNE, 1, null);
        TrialResult pruned = runner.run(taylor, new Recording(), CancellationFlag.never());
        @SuppressWarnings("unchecked")
        List<List<Integer>> heads = (List<List<Integer>>) pruned.ranks().get("heads");
        assertThat(heads).hasSize(4);
        assertThat(heads.stream().mapToInt(List::size).sum()).isEqualTo(8);
        assertThat(pruned.params()).isLessThan(svd.params() + 100_000);
    }

    @Test
    void explicitComcatRanksWithFactorizedMlpAreHonoured() {
        RankSpec ranks = new RankSpec(List.of(24, 12, 6, 3), List.of(1, 2, 3, 4));
        TrialConfig config =
                new TrialConfig("comcat", "ranks", null, ranks, null, true, MODEL, DATASET, NO_FINETUNE, 1, null);
        TrialResult result = runner.run(config, new Recording(), CancellationFlag.never());
        assertThat(result.ranks())
                .containsEntry("qk", List.of(24, 12, 6, 3))
                .containsEntry("vo", List.of(1, 2, 3, 4))
                .containsKeys("fc1", "fc2", "head");
    }

    @Test
    void comcatAutoSearchesRanksOnTheHeldOutSliceAndReportsThemWithItsWeights() {
        Recording recording = new Recording();
        RankSearchSpec search = new RankSearchSpec(
                RankCandidates.defaults(TINY), false, 1, 1.5, 5, 0.1, 128, 2, RankSearchSpec.BUDGETED);
        TrialConfig config = new TrialConfig(
                "comcat-auto", "auto", 0.5, null, null, false, MODEL, DATASET, NO_FINETUNE, 1, null, search);
        TrialResult result = runner.run(config, recording, CancellationFlag.never());

        assertThat(result.ranks()).containsOnlyKeys("qk", "vo");
        @SuppressWarnings("unchecked")
        List<Integer> qk = (List<Integer>) result.ranks().get("qk");
        @SuppressWarnings("unchecked")
        List<Integer> vo = (List<Integer>) result.ranks().get("vo");
        ModelPlan plan = BudgetAllocator.comcatRanks(TINY, new RankSpec(qk, vo));
        assertThat(result.params()).isEqualTo(ModelCost.of(plan).params());
        assertThat(ModelCost.attentionFraction(plan)).isBetween(0.5 * 0.97, 0.5);
        assertThat(recording.value("search", 0, "achievedWeights"))
                .isEqualTo(ModelCost.attentionFraction(plan) * 4 * AttentionCost.denseWeights(TINY));
        assertThat(recording.value("search", 0, "targetWeights")).isEqualTo(2.0 * AttentionCost.denseWeights(TINY));
        assertThat(recording.has("search", 1, "heldout", "gate.qk.0.r24")).isTrue();
        assertThat(recording.phases()).contains("compress", "search", "eval");
    }

    @Test
    void badInputsFailTheTrialNamingTheCulprit() {
        assertFails(config("lottery", 0.5, null, NO_FINETUNE), "method", "lottery");
        assertFails(
                new TrialConfig(
                        "comcat",
                        "x",
                        0.5,
                        null,
                        null,
                        false,
                        new ModelSpec("vit-huge", MODEL.base()),
                        DATASET,
                        NO_FINETUNE,
                        1,
                        null),
                "model.arch",
                "vit-huge");
        assertFails(
                config(
                        "comcat",
                        null,
                        new RankSpec(Collections.nCopies(4, 25), Collections.nCopies(4, 8)),
                        NO_FINETUNE),
                "ranks.qk[0]",
                "25");
        String missing = artifacts.resolve("no-images-here").toString();
        assertFails(
                new TrialConfig(
                        "comcat",
                        "x",
                        0.5,
                        null,
                        null,
                        false,
                        MODEL,
                        new DatasetSpec("fashion-mnist", missing, 0, null, null, "none"),
                        NO_FINETUNE,
                        1,
                        null),
                "dataset.path",
                missing);
        String missingBase = artifacts.resolve("base-0000.params").toString();
        assertFails(
                new TrialConfig(
                        "comcat",
                        "x",
                        0.5,
                        null,
                        null,
                        false,
                        new ModelSpec(TINY.name(), new BaseSpec(null, missingBase)),
                        DATASET,
                        NO_FINETUNE,
                        1,
                        null),
                "model.base.file",
                missingBase);
        assertFails(
                new TrialConfig(
                        "comcat",
                        "x",
                        0.5,
                        null,
                        null,
                        false,
                        new ModelSpec("deit-tiny", MODEL.base()),
                        DATASET,
                        NO_FINETUNE,
                        1,
                        null),
                "dataset",
                "1×28×28 images",
                "deit-tiny takes 3×224×224");
    }

    @Test
    void aDivergingFineTuneFailsWithAReason() {
        FinetuneSpec explosive = new FinetuneSpec(1, 1e30, 1e29, 64, 0.0, new DistillSpec(true, 0.5), null);
        assertThatThrownBy(() ->
                        runner.run(config("comcat", 0.5, null, explosive), new Recording(), CancellationFlag.never()))
                .isInstanceOf(TrialFailedException.class)
                .hasMessageMatching("loss is (NaN|Infinity|-Infinity) at epoch 1, batch \\d+ of \\d+ .*");
    }

    @Test
    void aCancelledTrialStopsWithoutAResult() {
        CancellationFlag cancel = new CancellationFlag();
        cancel.cancel();
        assertThatThrownBy(() -> runner.run(config("comcat", 0.5, null, FINETUNE), new Recording(), cancel))
                .isInstanceOf(TrainingCancelledException.class);
    }

    private static void assertFails(TrialConfig config, String... fragments) {
        assertThatThrownBy(() -> runner.run(config, new Recording(), CancellationFlag.never()))
                .isInstanceOf(TrialFailedException.class)
                .satisfies(error -> assertThat(error.getMessage()).contains(fragments));
    }

    private static TrialConfig config(String method, Double budget, RankSpec ranks, FinetuneSpec finetune) {
        return new TrialConfig(method, method, budget, ranks, null, false, MODEL, DATASET, finetune, 1, null);
    }

    private static TrialConfig withSeed(TrialConfig config, long seed) {
        return new TrialConfig(
                config.method(),
                config.label(),
                config.budget(),
                config.ranks(),
                config.importance(),
                config.factorizeMlp(),
                config.model(),
                config.dataset(),
                config.finetune(),
                seed,
                config.resources());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static final class Recording implements TrialListener {
        private final List<TrialMetric> metrics = new ArrayList<>();
        private final List<TrialProgress> progress = new ArrayList<>();

        @Override
        public void onMetric(TrialMetric metric) {
            metrics.add(metric);
        }

        @Override
        public void onProgress(TrialProgress update) {
            progress.add(update);
        }

        boolean has(String phase, int epoch, String split, String name) {
            return metrics.stream()
                    .anyMatch(metric -> metric.phase().equals(phase)
                            && metric.epoch() == epoch
                            && metric.split().equals(split)
                            && metric.name().equals(name));
        }

        double value(String phase, int epoch, String name) {
            return metrics.stream()
                    .filter(metric -> metric.phase().equals(phase)
                            && metric.epoch() == epoch
                            && metric.name().equals(name))
                    .mapToDouble(TrialMetric::value)
                    .findFirst()
                    .orElseThrow();
        }

        List<String> phases() {
            return progress.stream().map(TrialProgress::phase).distinct().toList();
        }
    }
}
