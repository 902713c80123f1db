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
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.Digests;
import org.ranksweep.worker.train.TrainingCancelledException;

/**
 * How a trial recovers on real DJL training with synthetic data: a second attempt resumes fine-tuning from the
 * first attempt's last per-epoch checkpoint, and out of memory (injected at the real call site, the per-batch
 * progress callback inside the training loop) retries at half the batch only when the spec allows it.
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

    /** Records what a trial reports; can throw an injected OutOfMemoryError at the first batch of a given count. */
    private static final class Listener implements TrialListener {
        private final List<TrialMetric> metrics = new CopyOnWriteArrayList<>();
        private final List<TrialProgress> progress = new CopyOnWriteArrayList<>();
        private final Consumer<TrialMetric> onMetric;
        private int failWhenBatches = -1;

        private Listener(Consumer<TrialMetric> onMetric) {
            this.onMetric = onMetric;
        }

        @Override
        public void onMetric(TrialMetric metric) {
            metrics.add(metric);
            onMetric.accept(metric);
        }

        @Override
        public void onProgress(TrialProgress update) {
            progress.add(update);
            if (update.phase().equals("finetune") && update.batches() == failWhenBatches && update.batch() == 1) {
                throw new OutOfMemoryError("Java heap space (injected by the test)");
            }
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
