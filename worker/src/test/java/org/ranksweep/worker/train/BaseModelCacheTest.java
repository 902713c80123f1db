package org.ranksweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diagnostics.AttentionSpectrum;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;

class BaseModelCacheTest {

    private static final DatasetSpec DATASET = new DatasetSpec("synthetic", null, 200, 600, 200, "none");
    private static final TrainRecipe RECIPE = new TrainRecipe(1, 1e-3, 64, 0.05);
    private static SplitDataset data;

    @TempDir
    Path artifacts;

    @BeforeAll
    static void loadData() {
        TorchRuntime.start(2);
        data = DatasetLoader.withDefaults(Path.of("target/dataset-cache")).load(DATASET);
    }

    @Test
    void trainsOnceThenReusesTheSavedModel() throws Exception {
        BaseModelCache cache = new BaseModelCache(artifacts);
        List<EpochSummary> firstEpochs = new ArrayList<>();
        List<EpochSummary> secondEpochs = new ArrayList<>();
        try (BaseModel first = cache.obtain(request(5), data, recording(firstEpochs), CancellationFlag.never());
                BaseModel second = cache.obtain(request(5), data, recording(secondEpochs), CancellationFlag.never())) {
            assertThat(first.trained()).isTrue();
            assertThat(second.trained()).isFalse();
            assertThat(firstEpochs).hasSize(1);
            assertThat(secondEpochs).isEmpty();
            assertThat(parameterValues(second)).isEqualTo(parameterValues(first));
            assertThat(Files.readString(first.source().resolve("summary.json"))).contains(first.cacheKey());
            assertThat(first.source().resolve(BaseModelCache.SPECTRUM_FILE)).isRegularFile();
            // the saved spectrum is the one the reused model's weights give
            assertThat(BaseModelCache.spectrum(second)).isEqualTo(AttentionSpectrum.of(VitFactory.vit(second.model())));
        }
    }

    @Test
    void aCachedBaseWhoseParametersChangedIsSetAsideAndTrainedAgain() throws Exception {
        BaseModelCache cache = new BaseModelCache(artifacts);
        Path entry;
        try (BaseModel first = cache.obtain(request(6), data, recording(new ArrayList<>()), CancellationFlag.never())) {
            entry = first.source();
        }
        Path params = BaseModelCache.paramsFile(entry);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(params, bytes);

        List<EpochSummary> epochs = new ArrayList<>();
        try (BaseModel again = cache.obtain(request(6), data, recording(epochs), CancellationFlag.never())) {
            assertThat(again.trained()).isTrue();
            assertThat(epochs).hasSize(1);
            assertThat(Digests.matches(
                            BaseModelCache.paramsFile(entry),
                            Json.mapper()
                                    .readTree(Files.readString(entry.resolve("summary.json")))
                                    .get("paramsSha256")
                                    .asText()))
                    .isTrue();
        }
        try (var files = Files.list(entry.getParent())) {
            List<Path> aside = files.filter(
                            file -> file.getFileName().toString().startsWith(entry.getFileName() + ".corrupt-"))
                    .toList();
            assertThat(aside).hasSize(1);
            assertThat(Files.readAllBytes(BaseModelCache.paramsFile(aside.get(0))))
                    .isEqualTo(bytes);
        }
    }

    @Test
    void concurrentRequestsForOneBaseTrainItOnce() throws Exception {
        BaseModelCache cache = new BaseModelCache(artifacts);
        List<EpochSummary> epochs = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> trained = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                trained.add(pool.submit(() -> {
                    try (BaseModel base = cache.obtain(request(6), data, recording(epochs), CancellationFlag.never())) {
                        return base.trained();
                    }
                }));
            }
            assertThat(List.of(trained.get(0).get(), trained.get(1).get())).containsExactlyInAnyOrder(true, false);
            assertThat(epochs).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loadsAnExplicitParameterFileAndNamesAMissingOne() throws Exception {
        BaseModelCache cache = new BaseModelCache(artifacts);
        try (BaseModel trained = cache.obtain(request(7), data, TrainingListener.none(), CancellationFlag.never())) {
            Path file = BaseModelCache.paramsFile(trained.source());
            try (BaseModel loaded = BaseModelCache.load(ModelCatalog.VIT_TINY_FMNIST, file)) {
                assertThat(parameterValues(loaded)).isEqualTo(parameterValues(trained));
            }
        }
        Path missing = artifacts.resolve("nowhere-0000.params");
        assertThatThrownBy(() -> BaseModelCache.load(ModelCatalog.VIT_TINY_FMNIST, missing))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("model.base.file")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void theKeyDependsOnSeedAndTrainingDataButNotOnTheTestCap() {
        String key = BaseModelCache.key(request(1));
        DatasetSpec otherTestCap = new DatasetSpec("synthetic", null, 200, 600, 999, "none");
        assertThat(BaseModelCache.key(new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, otherTestCap, RECIPE, 1)))
                .isEqualTo(key);
        assertThat(BaseModelCache.key(request(2))).isNotEqualTo(key);
        DatasetSpec otherTrainCap = new DatasetSpec("synthetic", null, 200, 601, 200, "none");
        assertThat(BaseModelCache.key(new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, otherTrainCap, RECIPE, 1)))
                .isNotEqualTo(key);
    }

    @Test
    void theKeyDependsOnWarmUpAndNamesTheInitialisationSoOlderBasesAreNotReused() {
        String key = BaseModelCache.key(request(1));
        TrainRecipe warm = new TrainRecipe(RECIPE.epochs(), RECIPE.lr(), RECIPE.batch(), RECIPE.weightDecay(), 1);
        assertThat(BaseModelCache.key(new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, DATASET, warm, 1)))
                .isNotEqualTo(key);
        // The key entries before the initialisation and the decay rule were part of it (Xavier weights, all decayed).
        java.util.Map<String, Object> older = new java.util.LinkedHashMap<>();
        older.put("arch", ModelCatalog.VIT_TINY_FMNIST.name());
        older.put("dataset", new DatasetSpec("synthetic", null, 200, 600, null, "none"));
        older.put("recipe", java.util.Map.of("epochs", 1, "lr", 1e-3, "batch", 64, "weightDecay", 0.05));
        older.put("seed", 1L);
        assertThat(key).isNotEqualTo(Digests.sha256(org.ranksweep.core.json.Json.write(older)));
        assertThat(org.ranksweep.core.json.Json.write(java.util.Map.of("k", RECIPE)))
                .contains("warmupEpochs");
    }

    @Test
    void refusesAWarmUpAsLongAsTraining() {
        TrainRecipe tooWarm = new TrainRecipe(2, 1e-3, 64, 0.05, 2);
        assertThatThrownBy(() -> new BaseModelCache(artifacts)
                        .obtain(
                                new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, DATASET, tooWarm, 1),
                                data,
                                null,
                                CancellationFlag.never()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("model.base.train.warmupEpochs");
    }

    private static BaseRequest request(long seed) {
        return new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, DATASET, RECIPE, seed);
    }

    private static List<List<Float>> parameterValues(BaseModel base) {
        List<List<Float>> values = new ArrayList<>();
        for (Pair<String, Parameter> entry : VitFactory.vit(base.model()).getParameters()) {
            List<Float> parameter = new ArrayList<>();
            for (float value : entry.getValue().getArray().toFloatArray()) {
                parameter.add(value);
            }
            values.add(parameter);
        }
        return values;
    }

    private static TrainingListener recording(List<EpochSummary> epochs) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {
                epochs.add(summary);
            }

            @Override
            public void onBatch(int epoch, int count, int batch, int batches) {}
        };
    }
}
