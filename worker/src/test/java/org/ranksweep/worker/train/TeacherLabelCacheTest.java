package org.ranksweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;

/** The teacher's cached classes are exactly what its forward pass gives, and distilling from them changes nothing. */
class TeacherLabelCacheTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final int BATCH = 64;
    private static final long SEED = 9;
    private static SplitDataset synthetic;

    @TempDir
    Path artifacts;

    @BeforeAll
    static void syntheticData() {
        TorchRuntime.start(2);
        synthetic = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("synthetic", null, 500, 2000, 500, "none"));
    }

    @Test
    void theCachedLabelsAreTheTeachersArgmaxOnEveryShuffledTrainingBatch() {
        try (Model teacherModel = VitFactory.create("teacher", ModelPlan.dense(TINY), 2)) {
            Teacher teacher = new Teacher(VitFactory.vit(teacherModel), teacherModel.getNDManager());
            TeacherLabels labels = new TeacherLabelCache(artifacts).obtain(teacherModel, teacher, synthetic);

            assertThat(labels.size()).isEqualTo(synthetic.train().size());
            Batches batches = new Batches(synthetic.train(), synthetic.normalization(), BATCH);
            int[] order = Batches.epochOrder(synthetic.train().size(), SEED, 1);
            long[] forward = new long[order.length];
            long[] cached = new long[order.length];
            TorchRuntime.disableGradients();
            for (int index = 0; index < batches.count(); index++) {
                try (NDManager scope = teacherModel.getNDManager().newSubManager()) {
                    ImageBatch batch = batches.load(scope, order, index, null);
                    long[] argmax = teacher.forward(batch.images(), List.of())
                            .head()
                            .argMax(-1)
                            .toLongArray();
                    System.arraycopy(argmax, 0, forward, index * BATCH, argmax.length);
                    long[] stored = labels.forBatch(scope, order, index, BATCH).toLongArray();
                    System.arraycopy(stored, 0, cached, index * BATCH, stored.length);
                }
            }
            assertThat(cached).isEqualTo(forward);
            assertThat(Arrays.stream(forward).distinct().count())
                    .as("classes the untrained teacher predicts (a constant answer would prove little)")
                    .isGreaterThan(1);
        }
    }

    @Test
    void distillingFromTheCachedLabelsTrainsExactlyTheStudentThatRunningTheTeacherTrains() {
        TrainingSettings settings = new TrainingSettings(1, 2e-3, 2e-5, BATCH, 0.05, "none", 0.5, 0, List.of(), SEED);
        assertThat(settings.teacherLabelsSuffice()).isTrue();
        try (Model teacherModel = VitFactory.create("teacher", ModelPlan.dense(TINY), 2);
                Model withForward = VitFactory.create("student", ModelPlan.dense(TINY), 3);
                Model withLabels = VitFactory.create("student", ModelPlan.dense(TINY), 3)) {
            Teacher teacher = new Teacher(VitFactory.vit(teacherModel), teacherModel.getNDManager());
            train(settings, withForward, teacher);
            train(
                    settings,
                    withLabels,
                    teacher.withLabels(new TeacherLabelCache(artifacts).obtain(teacherModel, teacher, synthetic)));

            List<Pair<String, Parameter>> expected =
                    VitFactory.vit(withForward).getParameters().stream().toList();
            List<Pair<String, Parameter>> actual =
                    VitFactory.vit(withLabels).getParameters().stream().toList();
            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).getValue().getArray().toFloatArray())
                        .as(expected.get(i).getKey())
                        .isEqualTo(expected.get(i).getValue().getArray().toFloatArray());
            }
        }
    }

    @Test
    void aSecondTrialReadsTheKeptLabelsAndACorruptedFileIsSetAsideAndComputedAgain() throws IOException {
        try (Model teacherModel = VitFactory.create("teacher", ModelPlan.dense(TINY), 2)) {
            Teacher teacher = new Teacher(VitFactory.vit(teacherModel), teacherModel.getNDManager());
            TeacherLabelCache cache = new TeacherLabelCache(artifacts);
            TeacherLabels computed = cache.obtain(teacherModel, teacher, synthetic);
            Path file = cache.file(teacherModel, synthetic);
            assertThat(file).isRegularFile();

            // Rewritten with other, correctly recorded labels: what comes back was read from the file.
            int[] sevens = new int[computed.size()];
            Arrays.fill(sevens, 7);
            byte[] payload = new TeacherLabels(sevens).toBytes();
            Files.write(file, withHeader(payload));
            assertThat(cache.obtain(teacherModel, teacher, synthetic)).isEqualTo(new TeacherLabels(sevens));

            // One byte flipped: the file no longer matches its SHA-256, so it is set aside and computed again.
            byte[] corrupted = Files.readAllBytes(file);
            corrupted[corrupted.length - 1] ^= 1;
            Files.write(file, corrupted);
            assertThat(cache.obtain(teacherModel, teacher, synthetic)).isEqualTo(computed);
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .anyMatch(name -> name.startsWith(file.getFileName() + ".corrupt-"));
            }
        }
    }

    @Test
    void anotherTeacherOrAnotherTrainingSliceIsKeptUnderAnotherKey() {
        try (Model teacherModel = VitFactory.create("teacher", ModelPlan.dense(TINY), 2);
                Model otherTeacher = VitFactory.create("teacher", ModelPlan.dense(TINY), 4)) {
            TeacherLabelCache cache = new TeacherLabelCache(artifacts);
            SplitDataset fewer = new SplitDataset(
                    synthetic.name(),
                    synthetic.train().head(synthetic.train().size() - 1),
                    synthetic.heldOut(),
                    synthetic.test(),
                    synthetic.normalization(),
                    synthetic.classes());
            Path file = cache.file(teacherModel, synthetic);
            assertThat(cache.file(teacherModel, synthetic)).isEqualTo(file);
            assertThat(cache.file(otherTeacher, synthetic)).isNotEqualTo(file);
            assertThat(cache.file(teacherModel, fewer)).isNotEqualTo(file);
        }
    }

    @Test
    void theLabelsSufficeOnlyForDistillationOnUnaugmentedImagesWithoutFeatureAlignment() {
        assertThat(settings("none", 0.5, 0).teacherLabelsSuffice()).isTrue();
        assertThat(settings(null, 0.5, 0).teacherLabelsSuffice()).isTrue();
        assertThat(settings("light", 0.5, 0).teacherLabelsSuffice()).isFalse();
        assertThat(settings("deit", 0.5, 0).teacherLabelsSuffice()).isFalse();
        assertThat(settings("none", 0, 0).teacherLabelsSuffice()).isFalse();
        assertThat(settings("none", 0.5, 1.0).teacherLabelsSuffice()).isFalse();
    }

    private static TrainingSettings settings(String augment, double distill, double feature) {
        return new TrainingSettings(
                1, 1e-3, 1e-5, BATCH, 0.05, augment, distill, feature, feature == 0 ? List.of() : List.of(0), SEED);
    }

    private static void train(TrainingSettings settings, Model student, Teacher teacher) {
        new ModelTrainer(settings, TrainingListener.none(), CancellationFlag.never())
                .train(VitFactory.vit(student), student.getNDManager(), synthetic, teacher);
    }

    private static byte[] withHeader(byte[] payload) {
        byte[] header =
                (HexFormat.of().formatHex(Digests.digest().digest(payload)) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] content = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, content, header.length, payload.length);
        return content;
    }
}
