package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.customize.CustomizationPoint;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.GeneratorSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.SamplingSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diffusion.CustomizationMethod;
import org.ranksweep.worker.diffusion.DiffusionModels;
import org.ranksweep.worker.diffusion.DiffusionTransformer;
import org.ranksweep.worker.diffusion.GeneratorRecipe;
import org.ranksweep.worker.diffusion.SampleJudge;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.safetensors.SafetensorsFile;
import org.ranksweep.worker.train.BaseModel;
import org.ranksweep.worker.train.BaseModelCache;
import org.ranksweep.worker.train.BaseRequest;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.TrainingCancelledException;

/**
 * Customization trials through {@link TrialRunner} on synthetic data with a tiny generator: what the result says is
 * what the stored delta and sample grid hold, and what the judge makes of those samples.
 */
class CustomizationTrialTest {

    private static final DatasetSpec DATASET = new DatasetSpec("synthetic", null, 100, 800, 300, "none");
    private static final TrainRecipe JUDGE_RECIPE = new TrainRecipe(1, 2e-3, 64, 0.05);
    private static final ModelSpec JUDGE =
            new ModelSpec(ModelCatalog.VIT_TINY_FMNIST.name(), new BaseSpec(JUDGE_RECIPE, null));
    private static final GeneratorSpec GENERATOR = new GeneratorSpec(16, 1, 2, 7, 1, 8, 12, 16, 2e-3, "cosine");
    /** 16 concept samples: all of them fit the grid, so the grid holds every sample the fidelity counts. */
    private static final SamplingSpec SAMPLING = new SamplingSpec(16, 2, 3, 3);

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
    void theResultIsWhatTheStoredDeltaAndSamplesHoldAndWhatTheJudgeSaysOfThem() throws Exception {
        List<TrialMetric> metrics = new ArrayList<>();
        TrialConfig config = config("comcat-adapter", 2, 9, 0);

        TrialResult result = runner.run(config, recording(metrics), CancellationFlag.never());

        CustomizationResult measured = result.customization();
        Path directory = Path.of(result.artifactPath());
        Path delta = directory.resolve(CustomizationRun.DELTA);
        assertThat(measured.deltaBytes()).isEqualTo(Files.size(delta));
        assertThat(measured.concept()).isEqualTo(9);
        assertThat(measured.rank()).isEqualTo(2);
        assertThat(measured.trainedParams()).isEqualTo(trainedParameters(CustomizationMethod.COMCAT_ADAPTER, 2));
        assertThat(result.params()).isEqualTo(measured.trainedParams());
        assertThat(result.top1()).isEqualTo(measured.fidelity());
        try (SafetensorsFile file = SafetensorsFile.open(delta)) {
            assertThat(file.metadata())
                    .containsEntry("method", "comcat-adapter")
                    .containsEntry("rank", "2")
                    .containsEntry("concept", "ankle-boot")
                    .containsEntry("seed", "0");
            long stored = file.tensors().values().stream()
                    .mapToLong(entry -> java.util.Arrays.stream(entry.shape()).reduce(1, (a, b) -> a * b))
                    .sum();
            assertThat(stored).isEqualTo(measured.trainedParams());
        }
        assertThat(measured.fidelity()).isEqualTo(judgedShare(directory.resolve(CustomizationRun.SAMPLES), 9));
        double judgeTop1 = judgeTestTop1();
        assertThat(metrics).contains(new TrialMetric("judge", 0, "test", "top1", judgeTop1));
        assertThat(measured.judgeTop1()).isEqualTo(judgeTop1);
        assertThat(metrics)
                .contains(
                        new TrialMetric("sample", 0, "samples", "fidelity", measured.fidelity()),
                        new TrialMetric("sample", 0, "samples", "retention", measured.retention()),
                        new TrialMetric("customize", 0, "train", "deltaBytes", measured.deltaBytes()));
        assertThat(measured.secondsPerStep()).isEqualTo(measured.trainingSeconds() / 5);
    }

    @Test
    void everyMethodStoresExactlyItsTrainedParametersAndTheGeneratorIsTrainedOnce() throws Exception {
        for (CustomizationMethod method : CustomizationMethod.values()) {
            int rank = method == CustomizationMethod.LORA || method == CustomizationMethod.COMCAT_ADAPTER ? 1 : 0;
            TrialResult result = runner.run(
                    config(method.label(), rank, 8, 1), recording(new ArrayList<>()), CancellationFlag.never());

            assertThat(result.customization().trainedParams())
                    .as(method.label())
                    .isEqualTo(trainedParameters(method, rank));
        }
        try (var generators = Files.list(artifacts.resolve("generators"))) {
            assertThat(generators.filter(file -> file.toString().endsWith(".safetensors")))
                    .hasSize(1);
        }
    }

    @Test
    void aCancelledCustomizationStopsAndStoresNothing() {
        TrialConfig config = config("lora", 3, 8, 7);
        CancellationFlag cancelled = new CancellationFlag();
        cancelled.cancel();

        assertThatThrownBy(() -> runner.run(config, recording(new ArrayList<>()), cancelled))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(artifacts
                        .resolve("trials")
                        .resolve(org.ranksweep.worker.train.Digests.sha256(org.ranksweep.core.json.Json.write(config))))
                .doesNotExist();
    }

    @Test
    void tooFewImagesOfTheConceptFailTheTrialNamingTheShotsKey() {
        TrialConfig config = config("lora", 1, 8, 0, 5000);

        assertThatThrownBy(() -> runner.run(config, recording(new ArrayList<>()), CancellationFlag.never()))
                .isInstanceOf(TrialFailedException.class)
                .hasMessageContaining("customization.shots")
                .hasMessageContaining("5000 shots of concept 8 (bag)");
    }

    private static TrialConfig config(String method, int rank, int concept, long seed) {
        return config(method, rank, concept, seed, 4);
    }

    private static TrialConfig config(String method, int rank, int concept, long seed, int shots) {
        return new TrialConfig(
                method,
                method + "." + concept,
                null,
                null,
                null,
                false,
                JUDGE,
                DATASET,
                null,
                seed,
                new ResourceSpec("cpu", 0, false),
                null,
                null,
                new CustomizationPoint(GENERATOR, concept, rank, shots, 5, 4, 1e-3, SAMPLING));
    }

    /** The parameter count the method trains in a fresh model of the test's generator, counted here. */
    private static long trainedParameters(CustomizationMethod method, int rank) {
        GeneratorRecipe recipe = GeneratorRecipe.of(GENERATOR, 28, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionTransformer model = DiffusionModels.create(recipe.shape(), method.adapter(rank), manager, 0);
            return method.trainedParameters(model).stream()
                    .mapToLong(entry -> entry.getValue().getArray().size())
                    .sum();
        }
    }

    /** The share of the grid's images that the judge (the cached base of the trial's model) assigns to {@code label}. */
    private static double judgedShare(Path grid, int label) throws Exception {
        SplitDataset data =
                DatasetLoader.withDefaults(artifacts.resolve("datasets")).load(DATASET);
        BufferedImage image = ImageIO.read(grid.toFile());
        int side = 28;
        int columns = (image.getWidth() - 1) / (side + 1);
        int rows = (image.getHeight() - 1) / (side + 1);
        int count = SAMPLING.concept();
        assertThat(columns * rows).isGreaterThanOrEqualTo(count);
        byte[] pixels = new byte[count * side * side];
        for (int index = 0; index < count; index++) {
            int left = 1 + (index % columns) * (side + 1);
            int top = 1 + (index / columns) * (side + 1);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    pixels[index * side * side + y * side + x] =
                            (byte) image.getRaster().getSample(left + x, top + y, 0);
                }
            }
        }
        ImageSet samples = new ImageSet(pixels, new int[count], 1, side, side);
        BaseRequest request =
                new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, DATASET, JUDGE_RECIPE, TrialRunner.JUDGE_SEED);
        try (BaseModel judge = new BaseModelCache(artifacts).obtain(request, data, null, CancellationFlag.never());
                NDManager manager = NDManager.newBaseManager()) {
            int[] predictions = new SampleJudge(VitFactory.vit(judge.model()), data.normalization())
                    .judge(samples, manager)
                    .predictions();
            long hits = java.util.Arrays.stream(predictions)
                    .filter(prediction -> prediction == label)
                    .count();
            return (double) hits / count;
        }
    }

    /** The judge's share of the test split it classifies right, counted here from its predictions. */
    private static double judgeTestTop1() throws Exception {
        SplitDataset data =
                DatasetLoader.withDefaults(artifacts.resolve("datasets")).load(DATASET);
        BaseRequest request =
                new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, DATASET, JUDGE_RECIPE, TrialRunner.JUDGE_SEED);
        try (BaseModel judge = new BaseModelCache(artifacts).obtain(request, data, null, CancellationFlag.never());
                NDManager manager = NDManager.newBaseManager()) {
            int[] predictions = new SampleJudge(VitFactory.vit(judge.model()), data.normalization())
                    .judge(data.test(), manager)
                    .predictions();
            long correct = java.util.stream.IntStream.range(0, predictions.length)
                    .filter(index -> predictions[index] == data.test().label(index))
                    .count();
            return (double) correct / predictions.length;
        }
    }

    private static TrialListener recording(List<TrialMetric> metrics) {
        return new TrialListener() {
            @Override
            public void onMetric(TrialMetric metric) {
                metrics.add(metric);
            }

            @Override
            public void onProgress(TrialProgress progress) {}
        };
    }
}
