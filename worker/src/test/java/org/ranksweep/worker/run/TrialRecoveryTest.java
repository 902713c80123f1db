package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.Digests;
import org.ranksweep.worker.train.TrainingCancelledException;

/**
 * How a trial recovers on real DJL training with synthetic data: a second attempt resumes fine-tuning from the
 * first attempt's last per-epoch checkpoint, successive halving's attempts stop at their rung and the next one goes
 * on from there, and out of memory (injected at the real call site, the per-batch progress callback inside the
 * training loop) retries at half the batch only when the spec allows it.
 */
class TrialRecoveryTest {

    private static final DatasetSpec DATASET = new DatasetSpec("synthetic", null, 200, 600, 300, "none");
    private static final ModelSpec MODEL =
            new ModelSpec(ModelCatalog.VIT_TINY_FMNIST.name(), new BaseSpec(new TrainRecipe(1, 2e-3, 64, 0.05), null));

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
    void aSecondAttemptResumesFineTuningAfterTheLastCheckpointedEpochAndFinishes() {
        TrialConfig config = config(3, 64, false);
        CancellationFlag firstAttempt = new CancellationFlag();
        // The first attempt dies during epoch 2 (as a killed worker would), after epoch 1's checkpoint.
        Listener dying = new Listener(metric -> {
            if (metric.phase().equals("finetune") && metric.epoch() == 1) {
                firstAttempt.cancel();
            }
        });
        assertThatThrownBy(() -> runner.run(config, dying, firstAttempt))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessageContaining("epoch 2");
        Path checkpoint = artifacts
                .resolve("checkpoints")
                .resolve(Digests.sha256(Json.write(config)))
                .resolve("finetune");
        assertThat(checkpoint.resolve("checkpoint.json")).exists();
        assertThat(checkpoint.resolve("epoch-0001.params")).exists();

        Listener second = new Listener(metric -> {});
        TrialResult result = runner.run(config, second, CancellationFlag.never());

        assertThat(result.top1()).isBetween(0.0, 1.0);
        assertThat(second.finetuneEpochsTrained()).containsExactly(2, 3);
        assertThat(second.metrics)
                .anyMatch(m -> m.phase().equals("finetune")
                        && m.epoch() == 3
                        && m.name().equals("top1")
                        && m.split().equals("heldout"));
        assertThat(checkpoint)
                .as("checkpoints are removed once the trial's artifacts are written")
                .doesNotExist();
    }

    @Test
    void anAttemptStopsAtItsRungWithHeldOutMetricsAndNoResultAndALaterOneGoesOnToTheResult() {
        TrialConfig config = withLabel(config(3, 64, false), "comcat-rungs");
        Path checkpoint = artifacts
                .resolve("checkpoints")
                .resolve(Digests.sha256(Json.write(config)))
                .resolve("finetune");
        Path trialArtifacts = artifacts.resolve("trials").resolve(Digests.sha256(Json.write(config)));
        ModelPlan plan = BudgetAllocator.comcat(ModelCatalog.VIT_TINY_FMNIST, 0.5);

        Listener first = new Listener(metric -> {});
        TrialOutcome stopped = runner.runAttempt(assignment(config, 1, 1), first, CancellationFlag.never());

        assertThat(stopped).isEqualTo(new TrialOutcome.StoppedAtRung(1));
        assertThat(first.finetuneEpochsTrained()).containsExactly(1);
        assertThat(first.rungs)
                .containsExactly(new RungMetrics(
                        1,
                        first.value("finetune", 1, "heldout", "top1"),
                        ModelCost.of(plan).params(),
                        ModelCost.of(plan).macs()));
        assertThat(first.metrics).noneMatch(m -> m.split().equals("test"));
        assertThat(first.progress).noneMatch(p -> p.phase().equals("eval"));
        assertThat(checkpoint.resolve("epoch-0001.params")).exists();
        assertThat(trialArtifacts).doesNotExist();

        // The same rung again (its attempt was lost after the checkpoint): nothing to train, the same rung reported.
        Listener repeated = new Listener(metric -> {});
        assertThat(runner.runAttempt(assignment(config, 2, 1), repeated, CancellationFlag.never()))
                .isEqualTo(new TrialOutcome.StoppedAtRung(1));
        assertThat(repeated.finetuneEpochsTrained()).isEmpty();
        assertThat(repeated.rungs).isEqualTo(first.rungs);

        Listener promoted = new Listener(metric -> {});
        TrialOutcome completed = runner.runAttempt(assignment(config, 3, 3), promoted, CancellationFlag.never());

        assertThat(promoted.finetuneEpochsTrained()).containsExactly(2, 3);
        assertThat(promoted.rungs)
                .containsExactly(new RungMetrics(
                        3,
                        promoted.value("finetune", 3, "heldout", "top1"),
                        ModelCost.of(plan).params(),
                        ModelCost.of(plan).macs()));
        assertThat(promoted.rungReportedAt)
                .as("the rung is reported before the test evaluation")
                .isLessThanOrEqualTo(promoted.metrics.indexOf(promoted.metrics.stream()
                        .filter(m -> m.split().equals("test"))
                        .findFirst()
                        .orElseThrow()));
        assertThat(completed).isInstanceOf(TrialOutcome.Completed.class);
        TrialResult result = ((TrialOutcome.Completed) completed).result();
        assertThat(result.params()).isEqualTo(ModelCost.of(plan).params());
        assertThat(result.macs()).isEqualTo(ModelCost.of(plan).macs());
        assertThat(trialArtifacts.resolve("summary.json")).exists();
        assertThat(checkpoint).doesNotExist();
    }

    @Test
    void aComcatAutoTrialSearchesOnceAcrossItsRungsAndEndsExactlyAsAnUninterruptedOne() {
        // Two labels, so two checkpoint directories over one cached base; nothing else in the run depends on it.
        TrialConfig straight = comcatAuto("auto-straight");
        TrialConfig promotedTwice = comcatAuto("auto-rungs");
        Path kept = artifacts
                .resolve("checkpoints")
                .resolve(Digests.sha256(Json.write(promotedTwice)))
                .resolve("search");
        Listener uninterrupted = new Listener(metric -> {});
        TrialResult expected = runner.run(straight, uninterrupted, CancellationFlag.never());

        Listener first = new Listener(metric -> {});
        assertThat(runner.runAttempt(assignment(promotedTwice, 1, 1), first, CancellationFlag.never()))
                .isEqualTo(new TrialOutcome.StoppedAtRung(1));
        assertThat(first.metrics).anyMatch(m -> m.phase().equals("search"));
        assertThat(kept.resolve("plan.json")).exists();

        Listener promoted = new Listener(metric -> {});
        TrialOutcome completed = runner.runAttempt(assignment(promotedTwice, 2, 3), promoted, CancellationFlag.never());

        assertThat(promoted.metrics)
                .as("the promoted attempt rebuilds the searched model instead of searching again")
                .noneMatch(m -> m.phase().equals("search"));
        assertThat(promoted.finetuneEpochsTrained()).containsExactly(2, 3);
        assertThat(promoted.value("compress", 0, "heldout", "top1"))
                .as("the rebuilt model is the searched one, weights and all")
                .isEqualTo(first.value("compress", 0, "heldout", "top1"));
        TrialResult result = ((TrialOutcome.Completed) completed).result();
        assertThat(result.ranks()).isEqualTo(expected.ranks());
        assertThat(result.params()).isEqualTo(expected.params());
        for (int epoch = 1; epoch <= 3; epoch++) {
            Listener reported = epoch == 1 ? first : promoted;
            assertThat(reported.value("finetune", epoch, "heldout", "top1"))
                    .as("held-out top-1 after epoch %d", epoch)
                    .isEqualTo(uninterrupted.value("finetune", epoch, "heldout", "top1"));
        }
        assertThat(result.top1()).isEqualTo(expected.top1());
        assertThat(kept).as("the kept outcome goes with the other checkpoints").doesNotExist();
        assertThat(kept.getParent()).doesNotExist();
    }

    @Test
    void aRungForATrialThatFineTunesNothingFailsTheTrialWithTheReason() {
        TrialConfig dense = new TrialConfig(
                "dense",
                "dense-rung",
                null,
                null,
                null,
                false,
                MODEL,
                DATASET,
                new FinetuneSpec(3, 1e-3, 1e-5, 64, 0.05, null, null),
                0,
                new ResourceSpec("cpu", 0));
        assertThatThrownBy(() -> runner.runAttempt(
                        assignment(dense, 1, 1), new Listener(metric -> {}), CancellationFlag.never()))
                .isInstanceOf(TrialFailedException.class)
                .hasMessage("cannot stop at rung epoch 1: successive halving needs fine-tuning epochs to allocate;"
                        + " method dense trains nothing");
        TrialConfig noEpochs = withLabel(config(0, 64, false), "comcat-no-epochs");
        assertThatThrownBy(() -> runner.runAttempt(
                        assignment(noEpochs, 1, 1), new Listener(metric -> {}), CancellationFlag.never()))
                .isInstanceOf(TrialFailedException.class)
                .hasMessageEndingWith("successive halving needs fine-tuning epochs to allocate; finetune.epochs is 0");
    }

    @Test
    void aDenseTrialOnABaseModelLoadedFromTheCacheWritesItsArtifacts() {
        runner.run(config(1, 64, false), new Listener(metric -> {}), CancellationFlag.never());
        TrialConfig dense = new TrialConfig(
                "dense", "dense", null, null, null, false, MODEL, DATASET, null, 0, new ResourceSpec("cpu", 0));

        // The base model exists by now, so this trial loads it from disk and saves it as its own artifact.
        TrialResult result = runner.run(dense, new Listener(metric -> {}), CancellationFlag.never());

        assertThat(Path.of(result.artifactPath()).resolve("summary.json")).exists();
    }

    @Test
    void outOfMemoryRetriesAtHalfTheBatchWhenTheSpecAllowsIt() {
        TrialConfig config = config(1, 64, true);
        int fullBatches = (int) Math.ceil(600 / 64.0);
        Listener listener = new Listener(metric -> {});
        listener.failWhenBatches = fullBatches;

        TrialResult result = runner.run(config, listener, CancellationFlag.never());

        assertThat(result.top1()).isBetween(0.0, 1.0);
        assertThat(listener.metrics).contains(new TrialMetric("finetune", 0, "train", "batch", 32));
        assertThat(listener.progress).anyMatch(p -> p.phase().equals("finetune") && p.batches() == 600 / 32 + 1);
    }

    @Test
    void outOfMemoryFailsTheTrialWithTheReasonWhenTheSpecDoesNotAllowARetry() {
        TrialConfig config = config(1, 64, false);
        Listener listener = new Listener(metric -> {});
        listener.failWhenBatches = (int) Math.ceil(600 / 64.0);

        assertThatThrownBy(() -> runner.run(config, listener, CancellationFlag.never()))
                .isInstanceOf(TrialFailedException.class)
                .hasMessageContaining("out of memory at fine-tuning batch 64")
                .hasMessageContaining("resources.oomRetryHalfBatch");
        assertThat(listener.metrics).noneMatch(m -> m.name().equals("batch"));
    }

    private static TrialConfig config(int epochs, int batch, boolean oomRetryHalfBatch) {
        FinetuneSpec finetune = new FinetuneSpec(epochs, 1e-3, 1e-5, batch, 0.05, new DistillSpec(true, 0.5), null);
        return new TrialConfig(
                "comcat",
                "comcat-" + epochs + "-" + oomRetryHalfBatch,
                0.5,
                null,
                null,
                false,
                MODEL,
                DATASET,
                finetune,
                0,
                new ResourceSpec("cpu", 0, oomRetryHalfBatch));
    }

    /** {@link #config}'s 3-epoch comcat trial as comcat-auto, with the smallest search (1 epoch, 2 gate steps). */
    private static TrialConfig comcatAuto(String label) {
        TrialConfig comcat = config(3, 64, false);
        RankSearchSpec search = new RankSearchSpec(
                RankCandidates.defaults(ModelCatalog.VIT_TINY_FMNIST),
                false,
                1,
                RankSearchSpec.BETA,
                RankSearchSpec.TEMPERATURE_START,
                RankSearchSpec.TEMPERATURE_END,
                128,
                2,
                RankSearchSpec.BUDGETED);
        return new TrialConfig(
                "comcat-auto",
                label,
                comcat.budget(),
                null,
                null,
                false,
                comcat.model(),
                comcat.dataset(),
                comcat.finetune(),
                comcat.seed(),
                comcat.resources(),
                search);
    }

    private static AssignTrial assignment(TrialConfig config, int attempt, int rungEpoch) {
        return new AssignTrial(new TrialId(7), new SweepId(1), attempt, config, "hash", rungEpoch);
    }

    private static TrialConfig withLabel(TrialConfig config, String label) {
        return new TrialConfig(
                config.method(),
                label,
                config.budget(),
                config.ranks(),
                config.importance(),
                config.factorizeMlp(),
                config.model(),
                config.dataset(),
                config.finetune(),
                config.seed(),
                config.resources());
    }

    /** Records what a trial reports; can throw an injected OutOfMemoryError at the first batch of a given count. */
    private static final class Listener implements TrialListener {
        private final List<TrialMetric> metrics = new CopyOnWriteArrayList<>();
        private final List<TrialProgress> progress = new CopyOnWriteArrayList<>();
        private final List<RungMetrics> rungs = new CopyOnWriteArrayList<>();
        private final Consumer<TrialMetric> onMetric;
        private int failWhenBatches = -1;
        /** How many metrics had been reported when the rung was. */
        private int rungReportedAt = -1;

        private Listener(Consumer<TrialMetric> onMetric) {
            this.onMetric = onMetric;
        }

        @Override
        public void onMetric(TrialMetric metric) {
            metrics.add(metric);
            onMetric.accept(metric);
        }

        @Override
        public void onRung(RungMetrics rung) {
            rungs.add(rung);
            rungReportedAt = metrics.size();
        }

        @Override
        public void onProgress(TrialProgress update) {
            progress.add(update);
            if (update.phase().equals("finetune") && update.batches() == failWhenBatches && update.batch() == 1) {
                throw new OutOfMemoryError("Java heap space (injected by the test)");
            }
        }

        double value(String phase, int epoch, String split, String name) {
            return metrics.stream()
                    .filter(m -> m.phase().equals(phase)
                            && m.epoch() == epoch
                            && m.split().equals(split)
                            && m.name().equals(name))
                    .findFirst()
                    .orElseThrow()
                    .value();
        }

        List<Integer> finetuneEpochsTrained() {
            return progress.stream()
                    .filter(p -> p.phase().equals("finetune") && p.batches() > 0)
                    .map(TrialProgress::epoch)
                    .distinct()
                    .toList();
        }
    }
}
