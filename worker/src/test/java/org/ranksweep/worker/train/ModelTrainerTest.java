package org.ranksweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;

class ModelTrainerTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static SplitDataset synthetic;

    @BeforeAll
    static void syntheticData() {
        TorchRuntime.start(2);
        synthetic = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("synthetic", null, 500, 2000, 500, "none"));
    }

    @Test
    void learnsTheSyntheticClassesWellAboveChanceInTwoShortEpochs() {
        List<EpochSummary> epochs = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        try (Model model = VitFactory.create("student", ModelPlan.dense(TINY), 1)) {
            new ModelTrainer(settings(2, 2e-3, 0), recording(epochs, batches), CancellationFlag.never())
                    .train(VitFactory.vit(model), model.getNDManager(), synthetic, null);
        }
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).heldOutTop1())
                .as("held-out top-1 (chance is 0.1)")
                .isGreaterThan(0.3);
        assertThat(epochs.get(1).loss()).isLessThan(epochs.get(0).loss());
        assertThat(epochs.get(1).lr()).isCloseTo(2e-5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(batches).hasSize(2 * 32).endsWith(32);
    }

    @Test
    void aDivergingLossFailsWithWhereAndTheLearningRate() {
        try (Model model = VitFactory.create("student", ModelPlan.dense(TINY), 1)) {
            ModelTrainer trainer =
                    new ModelTrainer(settings(1, 1e30, 0), TrainingListener.none(), CancellationFlag.never());
            assertThatThrownBy(() -> trainer.train(VitFactory.vit(model), model.getNDManager(), synthetic, null))
                    .isInstanceOf(TrainingDivergedException.class)
                    .hasMessageMatching("loss is (NaN|Infinity|-Infinity) at epoch 1, batch \\d+ of 32 \\(lr .*\\)");
        }
    }

    @Test
    void stopsAtTheNextBatchOnceCancelled() {
        CancellationFlag cancel = new CancellationFlag();
        List<Integer> batches = new ArrayList<>();
        TrainingListener cancelAfterThree = new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {}

            @Override
            public void onBatch(int epoch, int epochs, int batch, int count) {
                batches.add(batch);
                if (batch == 3) {
                    cancel.cancel();
                }
            }
        };
        try (Model model = VitFactory.create("student", ModelPlan.dense(TINY), 1)) {
            assertThatThrownBy(() -> new ModelTrainer(settings(1, 1e-3, 0), cancelAfterThree, cancel)
                            .train(VitFactory.vit(model), model.getNDManager(), synthetic, null))
                    .isInstanceOf(TrainingCancelledException.class)
                    .hasMessageContaining("batch 4 of 32");
        }
        assertThat(batches).containsExactly(1, 2, 3);
    }

    @Test
    void trainingStepsLeaveNoArraysBehindInTheModelsManager() {
        try (Model model = VitFactory.create("student", ModelPlan.dense(TINY), 1)) {
            BaseNDManager manager = (BaseNDManager) model.getNDManager();
            new ModelTrainer(settings(1, 1e-3, 0), TrainingListener.none(), CancellationFlag.never())
                    .train(VitFactory.vit(model), manager, synthetic, null);
            int afterOneEpoch = manager.getManagedArrays().size();
            new ModelTrainer(settings(1, 1e-3, 0), TrainingListener.none(), CancellationFlag.never())
                    .train(VitFactory.vit(model), manager, synthetic, null);
            // A second optimizer adds its own moment buffers (two per parameter) but nothing per step.
            int parameters = VitFactory.vit(model).getParameters().size();
            assertThat(manager.getManagedArrays().size()).isLessThanOrEqualTo(afterOneEpoch + 2 * parameters);
        }
    }

    @Test
    void fullDistillationTeachesTheTeachersAnswerInsteadOfTheLabels() {
        try (Model teacher = VitFactory.create("teacher", ModelPlan.dense(TINY), 2);
                Model student = VitFactory.create("student", ModelPlan.dense(TINY), 3)) {
            alwaysAnswer(teacher, 3);
            new ModelTrainer(settings(1, 2e-3, 1.0), TrainingListener.none(), CancellationFlag.never())
                    .train(
                            VitFactory.vit(student),
                            student.getNDManager(),
                            synthetic,
                            new Teacher(VitFactory.vit(teacher), teacher.getNDManager()));
            assertThat(shareOfAnswers(student, 3)).isGreaterThan(0.95);
        }
    }

    @Test
    void distillingUnderDeitsRecipeEndsWithAFiniteLossAndLeavesNoArraysBehind() {
        SplitDataset small = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("synthetic", null, 64, 256, 64, "deit"));
        List<EpochSummary> epochs = new ArrayList<>();
        try (Model teacher = VitFactory.create("teacher", ModelPlan.dense(TINY), 2);
                Model student = VitFactory.create("student", ModelPlan.dense(TINY), 1)) {
            Teacher frozen = new Teacher(VitFactory.vit(teacher), teacher.getNDManager());
            BaseNDManager manager = (BaseNDManager) student.getNDManager();
            new ModelTrainer(deit(1, 2e-3, 0.5), recording(epochs, new ArrayList<>()), CancellationFlag.never())
                    .train(VitFactory.vit(student), manager, small, frozen);
            int afterOneEpoch = manager.getManagedArrays().size();
            new ModelTrainer(deit(1, 2e-3, 0.5), recording(epochs, new ArrayList<>()), CancellationFlag.never())
                    .train(VitFactory.vit(student), manager, small, frozen);
            int parameters = VitFactory.vit(student).getParameters().size();
            assertThat(manager.getManagedArrays().size()).isLessThanOrEqualTo(afterOneEpoch + 2 * parameters);
        }
        assertThat(epochs).hasSize(2);
        // soft targets with smoothing 0.1 keep the cross-entropy above their entropy, so finite and above zero
        assertThat(epochs)
                .allSatisfy(epoch -> assertThat(epoch.loss()).isFinite().isPositive());
    }

    @Test
    void featureAlignmentPullsTheStudentsBlockOutputsTowardsTheTeachers() {
        try (Model teacher = VitFactory.create("teacher", ModelPlan.dense(TINY), 4);
                Model aligned = VitFactory.create("aligned", ModelPlan.dense(TINY), 5);
                Model free = VitFactory.create("free", ModelPlan.dense(TINY), 5)) {
            Teacher frozen = new Teacher(VitFactory.vit(teacher), teacher.getNDManager());
            TrainingSettings withAlignment =
                    new TrainingSettings(1, 2e-3, 2e-5, 64, 0.0, "none", 0, 10.0, List.of(1), 9);
            TrainingSettings without = new TrainingSettings(1, 2e-3, 2e-5, 64, 0.0, "none", 0, 0, List.of(1), 9);
            new ModelTrainer(withAlignment, TrainingListener.none(), CancellationFlag.never())
                    .train(VitFactory.vit(aligned), aligned.getNDManager(), synthetic, frozen);
            new ModelTrainer(without, TrainingListener.none(), CancellationFlag.never())
                    .train(VitFactory.vit(free), free.getNDManager(), synthetic, null);
            assertThat(blockDistance(aligned, frozen)).isLessThan(blockDistance(free, frozen) / 2);
        }
    }

    /** Mean squared difference between block 1's outputs of a model and of the teacher on the test images. */
    private static double blockDistance(Model model, Teacher teacher) {
        TorchRuntime.disableGradients();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            ImageBatch batch = new Batches(synthetic.test(), synthetic.normalization(), 200)
                    .load(scope, Batches.sequentialOrder(200), 0, null);
            NDArray student = VitFactory.vit(model)
                    .forward(
                            new ParameterStore(scope, false),
                            new NDList(batch.images()),
                            false,
                            org.ranksweep.worker.model.VisionTransformerBlock.featureRequest(List.of(1)))
                    .get(1);
            NDArray target = teacher.forward(batch.images(), List.of(1)).get(1);
            return student.sub(target).square().mean().getFloat();
        }
    }

    @Test
    void cosineScheduleGoesFromStartToEndThroughTheMidpoint() {
        CosineSchedule schedule = new CosineSchedule(1.0, 0.1, 101);
        assertThat(schedule.valueAt(1)).isEqualTo(1.0);
        assertThat(schedule.valueAt(51)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(schedule.valueAt(101)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void warmUpRisesLinearlyToTheStartThenTheCosineDecaysToTheEnd() {
        CosineSchedule schedule = new CosineSchedule(1.0, 0.1, 110, 10);
        assertThat(schedule.valueAt(1)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(schedule.valueAt(5)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(schedule.valueAt(10)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        // half-way through the 100 cosine updates: (1.0 + 0.1) / 2
        assertThat(schedule.valueAt(60)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(schedule.valueAt(110)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(schedule.valueAt(11)).isLessThan(1.0).isGreaterThan(0.99);
    }

    @Test
    void withoutWarmUpTheScheduleIsThePlainCosine() {
        CosineSchedule plain = new CosineSchedule(1.0, 0.1, 101);
        CosineSchedule zeroWarmUp = new CosineSchedule(1.0, 0.1, 101, 0);
        for (int update = 1; update <= 101; update += 10) {
            assertThat(zeroWarmUp.valueAt(update)).isEqualTo(plain.valueAt(update));
        }
    }

    private static TrainingSettings settings(int epochs, double lr, double distill) {
        return new TrainingSettings(epochs, lr, lr / 100, 64, 0.05, "none", distill, 0, List.of(), 9);
    }

    private static TrainingSettings deit(int epochs, double lr, double distill) {
        return new TrainingSettings(epochs, lr, lr / 100, 64, 0.05, "deit", distill, 0, List.of(), 9);
    }

    /** Makes a model predict {@code answer} for every image: zero classifier weights, a large bias on one class. */
    private static void alwaysAnswer(Model model, int answer) {
        TorchRuntime.disableGradients();
        Linear head = (Linear) VitFactory.vit(model).head();
        float[] bias = new float[TINY.classes()];
        bias[answer] = 100;
        ParameterValues.write(head, new float[TINY.width()][TINY.classes()], bias);
    }

    private static double shareOfAnswers(Model model, int answer) {
        TorchRuntime.disableGradients();
        NDManager manager = model.getNDManager();
        try (NDManager scope = manager.newSubManager()) {
            Batches batches = new Batches(synthetic.test(), synthetic.normalization(), 500);
            ImageBatch batch = batches.load(scope, Batches.sequentialOrder(500), 0, null);
            NDArray logits = VitFactory.vit(model)
                    .forward(new ParameterStore(scope, false), new NDList(batch.images()), false)
                    .head();
            return logits.argMax(-1).eq(answer).sum().getLong() / 500.0;
        }
    }

    private static TrainingListener recording(List<EpochSummary> epochs, List<Integer> batches) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {
                epochs.add(summary);
            }

            @Override
            public void onBatch(int epoch, int count, int batch, int batchCount) {
                batches.add(batch);
            }
        };
    }
}
