package org.ranksweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;

/** Per-epoch checkpoints on real DJL training: what is saved, and where an interrupted run picks up. */
class CheckpointResumeTest {

    private static SplitDataset synthetic;

    @TempDir
    Path directory;

    @BeforeAll
    static void syntheticData() {
        TorchRuntime.start(2);
        synthetic = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("synthetic", null, 100, 400, 100, "none"));
    }

    @Test
    void anInterruptedRunResumesAfterItsLastEpochWithThatEpochsParameters() {
        DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(directory.resolve("run"));
        CancellationFlag cancel = new CancellationFlag();
        List<EpochSummary> firstEpochs = new ArrayList<>();
        Map<String, float[]> afterEpochOne;
        try (Model model = VitFactory.create("first", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 1)) {
            TrainingListener dieInEpochTwo = listener(firstEpochs, new ArrayList<>(), cancel);
            assertThatThrownBy(() -> new ModelTrainer(settings(3), dieInEpochTwo, cancel, checkpoints)
                            .train(VitFactory.vit(model), model.getNDManager(), synthetic, null))
                    .isInstanceOf(TrainingCancelledException.class)
                    .hasMessageContaining("epoch 2, batch 1");
            afterEpochOne = values(model);
        }
        assertThat(directory.resolve("run").resolve("epoch-0001.params")).exists();

        // A fresh model from another seed: everything it ends up with must come from the checkpoint.
        List<EpochSummary> resumedEpochs = new ArrayList<>();
        List<Integer> resumedBatchEpochs = new ArrayList<>();
        try (Model model = VitFactory.create("second", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 99)) {
            try (Model probe = VitFactory.create("probe", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 7)) {
                assertThat(checkpoints.restore(VitFactory.vit(probe), probe.getNDManager()))
                        .get()
                        .extracting(restored -> restored.saved().epoch())
                        .isEqualTo(1);
                assertThat(values(probe))
                        .allSatisfy(
                                (name, values) -> assertThat(values).as(name).containsExactly(afterEpochOne.get(name)));
            }
            List<EpochSummary> all = new ModelTrainer(
                            settings(3),
                            listener(resumedEpochs, resumedBatchEpochs, null),
                            CancellationFlag.never(),
                            checkpoints)
                    .train(VitFactory.vit(model), model.getNDManager(), synthetic, null);

            assertThat(all).extracting(EpochSummary::epoch).containsExactly(1, 2, 3);
            assertThat(all.get(0)).isEqualTo(firstEpochs.get(0));
        }
        assertThat(resumedEpochs).extracting(EpochSummary::epoch).containsExactly(2, 3);
        assertThat(resumedBatchEpochs).doesNotContain(1).contains(2, 3);
    }

    @Test
    void aRunStoppedAtARungKeepsItsCheckpointAndALaterRunTrainsOnToTheNextRungOnTheFullSchedule() {
        List<EpochSummary> uninterrupted = new ArrayList<>();
        Map<String, float[]> uninterruptedValues;
        // initialised as the first rung's model is (trainTo's seed 40 + 1); later rungs start from other seeds
        try (Model model = VitFactory.create("full", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 41)) {
            new ModelTrainer(settings(3), listener(uninterrupted, new ArrayList<>(), null), CancellationFlag.never())
                    .train(VitFactory.vit(model), model.getNDManager(), synthetic, null);
            uninterruptedValues = values(model);
        }
        DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(directory.resolve("rungs"));

        List<EpochSummary> toFirstRung = new ArrayList<>();
        List<EpochSummary> returned = trainTo(1, checkpoints, toFirstRung, new ArrayList<>());
        assertThat(toFirstRung).extracting(EpochSummary::epoch).containsExactly(1);
        assertThat(returned).isEqualTo(toFirstRung);
        assertThat(directory.resolve("rungs").resolve("epoch-0001.params")).exists();

        // An attempt repeated at the same rung (after a crash) finds the checkpoint there and trains nothing.
        List<EpochSummary> repeated = new ArrayList<>();
        List<Integer> repeatedBatches = new ArrayList<>();
        assertThat(trainTo(1, checkpoints, repeated, repeatedBatches)).isEqualTo(toFirstRung);
        assertThat(repeated).isEmpty();
        assertThat(repeatedBatches).isEmpty();

        assertThat(directory.resolve("rungs").resolve("epoch-0001.optimizer")).exists();
        List<EpochSummary> toTopRung = new ArrayList<>();
        Map<String, float[]> resumedValues = new LinkedHashMap<>();
        List<EpochSummary> all = trainTo(3, checkpoints, toTopRung, new ArrayList<>(), resumedValues);
        // with the AdamW moments restored, resuming changes nothing: the very parameters of the uninterrupted run
        assertThat(resumedValues)
                .hasSameSizeAs(uninterruptedValues)
                .allSatisfy(
                        (name, values) -> assertThat(values).as(name).containsExactly(uninterruptedValues.get(name)));
        assertThat(toTopRung).extracting(EpochSummary::epoch).containsExactly(2, 3);
        assertThat(all).extracting(EpochSummary::epoch).containsExactly(1, 2, 3);
        // the schedule of all three epochs, not one restarted per run
        assertThat(all)
                .extracting(EpochSummary::lr)
                .containsExactlyElementsOf(
                        uninterrupted.stream().map(EpochSummary::lr).toList());
        // and every epoch's training loss and held-out top-1 are the uninterrupted run's
        assertThat(all)
                .extracting(EpochSummary::loss, EpochSummary::heldOutTop1)
                .containsExactlyElementsOf(uninterrupted.stream()
                        .map(summary -> tuple(summary.loss(), summary.heldOutTop1()))
                        .toList());
        assertThat(toTopRung).allSatisfy(summary -> assertThat(summary.epochs()).isEqualTo(3));
    }

    @Test
    void aCheckpointWrittenWithoutOptimizerStateStillResumesItsParameters() throws Exception {
        DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(directory.resolve("old"));
        trainTo(1, checkpoints, new ArrayList<>(), new ArrayList<>());
        Path index = directory.resolve("old").resolve("checkpoint.json");
        ObjectNode json = (ObjectNode) Json.mapper().readTree(Files.readString(index));
        json.remove(List.of("optimizerFile", "optimizerSha256"));
        Files.writeString(index, json.toString());
        Files.delete(directory.resolve("old").resolve("epoch-0001.optimizer"));

        try (Model model = VitFactory.create("reader", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 3)) {
            Optional<Checkpoints.Restored> restored = checkpoints.restore(VitFactory.vit(model), model.getNDManager());
            assertThat(restored).get().satisfies(checkpoint -> {
                assertThat(checkpoint.saved().epoch()).isEqualTo(1);
                assertThat(checkpoint.optimizerState()).isEmpty();
            });
        }
        List<EpochSummary> resumed = new ArrayList<>();
        assertThat(trainTo(2, checkpoints, resumed, new ArrayList<>()))
                .extracting(EpochSummary::epoch)
                .containsExactly(1, 2);
        assertThat(resumed).extracting(EpochSummary::epoch).containsExactly(2);
    }

    @Test
    void aModelSavedWithoutOptimizerStateRestoresItsParametersExactly() {
        DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(directory.resolve("model-only"));
        try (Model saved = VitFactory.create("saved", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 3);
                Model read = VitFactory.create("read", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 4)) {
            checkpoints.save(VitFactory.vit(saved), new NDList(), new Checkpoints.Saved(0, 0, List.of()));
            assertThat(directory.resolve("model-only")).isDirectoryNotContaining("glob:**.optimizer");

            Optional<Checkpoints.Restored> restored = checkpoints.restore(VitFactory.vit(read), read.getNDManager());

            assertThat(restored).get().satisfies(checkpoint -> {
                assertThat(checkpoint.saved().epoch()).isZero();
                assertThat(checkpoint.optimizerState()).isEmpty();
            });
            List<Pair<String, Parameter>> expected =
                    VitFactory.vit(saved).getParameters().stream().toList();
            List<Pair<String, Parameter>> actual =
                    VitFactory.vit(read).getParameters().stream().toList();
            assertThat(actual).hasSameSizeAs(expected);
            for (int index = 0; index < expected.size(); index++) {
                assertThat(actual.get(index).getValue().getArray().toFloatArray())
                        .as(expected.get(index).getKey())
                        .containsExactly(
                                expected.get(index).getValue().getArray().toFloatArray());
            }
        }
    }

    @Test
    void anOptimizerStateThatDoesNotMatchItsIndexIsSetAsideAndTheRunStartsOver() throws Exception {
        DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(directory.resolve("bad"));
        trainTo(1, checkpoints, new ArrayList<>(), new ArrayList<>());
        Files.write(directory.resolve("bad").resolve("epoch-0001.optimizer"), new byte[] {4, 5});
        try (Model model = VitFactory.create("reader", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 3)) {
            assertThat(checkpoints.restore(VitFactory.vit(model), model.getNDManager()))
                    .isEmpty();
        }
        assertThat(directory.resolve("bad").resolve("checkpoint.json")).doesNotExist();
    }

    @Test
    void aStopEpochOutsideTheSettingsEpochsIsRefused() {
        try (Model model = VitFactory.create("student", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 1)) {
            ModelTrainer trainer = new ModelTrainer(settings(3), TrainingListener.none(), CancellationFlag.never());
            assertThatThrownBy(() -> trainer.train(VitFactory.vit(model), model.getNDManager(), synthetic, null, 4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot stop after epoch 4 of 3 epochs");
        }
    }

    @Test
    void aCheckpointWhoseParametersDoNotMatchItsIndexIsSetAsideAndNotRead() throws Exception {
        DirectoryCheckpoints checkpoints = new DirectoryCheckpoints(directory.resolve("run"));
        try (Model model = VitFactory.create("saved", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 1)) {
            checkpoints.save(VitFactory.vit(model), new NDList(), new Checkpoints.Saved(1, 7, List.of()));
        }
        Path params = directory.resolve("run").resolve("epoch-0001.params");
        Files.write(params, new byte[] {1, 2, 3});
        try (Model model = VitFactory.create("loaded", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 2)) {
            assertThat(checkpoints.restore(VitFactory.vit(model), model.getNDManager()))
                    .isEmpty();
        }
        assertThat(directory.resolve("run").resolve("checkpoint.json")).doesNotExist();
        checkpoints.clear();
        assertThat(directory.resolve("run")).doesNotExist();
        // set aside beside the checkpoint directory, with the bytes it had: kept for examination, never read
        try (var files = Files.list(directory)) {
            List<Path> aside = files.filter(
                            file -> file.getFileName().toString().startsWith("run-epoch-0001.params.corrupt-"))
                    .toList();
            assertThat(aside).hasSize(1);
            assertThat(Files.readAllBytes(aside.get(0))).containsExactly(1, 2, 3);
        }
    }

    /** A fresh model (its own seed) trained up to {@code stopAfter} with {@code checkpoints}; what it returns. */
    private static List<EpochSummary> trainTo(
            int stopAfter, Checkpoints checkpoints, List<EpochSummary> epochs, List<Integer> batchEpochs) {
        return trainTo(stopAfter, checkpoints, epochs, batchEpochs, new LinkedHashMap<>());
    }

    /** Likewise, putting the model's parameter values after training into {@code values}. */
    private static List<EpochSummary> trainTo(
            int stopAfter,
            Checkpoints checkpoints,
            List<EpochSummary> epochs,
            List<Integer> batchEpochs,
            Map<String, float[]> values) {
        try (Model model = VitFactory.create("rung", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 40 + stopAfter)) {
            List<EpochSummary> summaries = new ModelTrainer(
                            settings(3), listener(epochs, batchEpochs, null), CancellationFlag.never(), checkpoints)
                    .train(VitFactory.vit(model), model.getNDManager(), synthetic, null, stopAfter);
            values.putAll(values(model));
            return summaries;
        }
    }

    private static TrainingSettings settings(int epochs) {
        return new TrainingSettings(epochs, 1e-3, 1e-5, 64, 0.05, "none", 0, 0, List.of(), 9);
    }

    private static TrainingListener listener(
            List<EpochSummary> epochs, List<Integer> batchEpochs, CancellationFlag cancelAfterFirstEpoch) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {
                epochs.add(summary);
                if (cancelAfterFirstEpoch != null) {
                    cancelAfterFirstEpoch.cancel();
                }
            }

            @Override
            public void onBatch(int epoch, int count, int batch, int batchCount) {
                batchEpochs.add(epoch);
            }
        };
    }

    private static Map<String, float[]> values(Model model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
            values.put(entry.getKey(), entry.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
