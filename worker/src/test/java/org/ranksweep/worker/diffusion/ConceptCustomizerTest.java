package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.safetensors.SafetensorsFile;

class ConceptCustomizerTest {

    private static final GeneratorRecipe RECIPE = new GeneratorRecipe(
            TinyGenerator.SHAPE, NoiseSchedule.Kind.COSINE, 100, new DiffusionTraining(4, 8, 1e-2, 0.1, 3), 2, 8);
    private static final SampleEvaluation EVALUATION = new SampleEvaluation(6, 2, 5, 3, 4);

    @TempDir
    Path directory;

    @Test
    void theGeneratorCacheTrainsOnceAndThenReadsTheSameWeights() throws IOException {
        ImageSet train = labelled(64);
        try (NDManager manager = NDManager.newBaseManager()) {
            GeneratorCache cache = new GeneratorCache(directory);
            int[] steps = new int[1];
            GeneratorCache.Generator trained = cache.obtain(RECIPE, train, manager, (step, loss) -> steps[0]++);
            GeneratorCache.Generator cached = cache.obtain(RECIPE, train, manager, (step, loss) -> steps[0]++);
            assertThat(steps[0]).isEqualTo(4);
            assertThat(cached.file()).isEqualTo(trained.file());
            assertThat(cached.facts())
                    .containsKeys("recipe", "trainingSeconds", "finalLoss")
                    .containsEntry("images", Long.toString(seen(train)));
            assertThat(TinyGenerator.predict(cached.model(), manager))
                    .containsExactly(TinyGenerator.predict(trained.model(), manager));
            GeneratorRecipe other = new GeneratorRecipe(
                    RECIPE.shape(), RECIPE.schedule(), RECIPE.timesteps(), RECIPE.training(), 3, RECIPE.seenClasses());
            assertThat(GeneratorCache.key(other, train)).isNotEqualTo(GeneratorCache.key(RECIPE, train));
        }
    }

    @Test
    void aCustomizationStoresExactlyItsTrainedParametersAndIsJudgedOnItsOwnSamples() throws IOException {
        ImageSet train = labelled(96);
        try (NDManager manager = NDManager.newBaseManager()) {
            GeneratorCache.Generator base = new GeneratorCache(directory).obtain(RECIPE, train, manager, (s, l) -> {});
            VisionTransformerBlock classifier = VitFactory.dense(new VitShape("judge", 8, 1, 4, 8, 1, 2, 2, 10));
            VitFactory.initialize(classifier, manager, 5);
            SampleJudge judge = new SampleJudge(classifier, Normalization.uniform(0.5, 0.25));
            double[][] real = judge.judge(TinyGenerator.images(8, 4), manager).features();
            ConceptCustomizer customizer = new ConceptCustomizer(base, judge, EVALUATION, train, Map.of(9, real));
            CustomizationRequest request =
                    new CustomizationRequest(CustomizationMethod.COMCAT_ADAPTER, 2, 9, 3, 2, 3, 1e-2, 11);

            ImageSet shots = customizer.shots(request);
            assertThat(shots.size()).isEqualTo(3);
            for (int index = 0; index < 3; index++) {
                assertThat(shots.label(index)).isEqualTo(9);
            }
            CustomizationOutcome outcome = customizer.run(request, directory.resolve("delta.safetensors"), manager);

            assertThat(outcome.deltaBytes()).isEqualTo(Files.size(outcome.delta()));
            try (SafetensorsFile delta = SafetensorsFile.open(outcome.delta())) {
                assertThat(delta.metadata())
                        .containsEntry("method", "comcat-adapter")
                        .containsEntry("rank", "2")
                        .containsEntry("concept", "ankle-boot")
                        .containsEntry("base", base.file().getFileName().toString());
                long stored = delta.tensors().values().stream()
                        .mapToLong(t -> t.elements())
                        .sum();
                assertThat(stored).isEqualTo(outcome.trainedParameters());
                assertThat(delta.tensors().keySet()).allMatch(name -> name.contains("Branch"));
            }
            SampleJudge.Verdict verdict = judge.judge(outcome.conceptSamples(), manager);
            assertThat(outcome.conceptSamples().size()).isEqualTo(6);
            assertThat(outcome.fidelity()).isEqualTo(verdict.share(9));
            assertThat(outcome.frechetDistance()).isEqualTo(FrechetDistance.between(verdict.features(), real));
            assertThat(outcome.retention()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void askingForMoreShotsThanTheConceptHasNamesBothCounts() throws IOException {
        ImageSet train = labelled(20);
        try (NDManager manager = NDManager.newBaseManager()) {
            GeneratorCache.Generator base = new GeneratorCache(directory).obtain(RECIPE, train, manager, (s, l) -> {});
            ConceptCustomizer customizer = new ConceptCustomizer(base, null, EVALUATION, train, Map.of());
            CustomizationRequest request = new CustomizationRequest(CustomizationMethod.LORA, 2, 8, 5, 1, 1, 1e-3, 0);
            assertThatThrownBy(() -> customizer.shots(request))
                    .hasMessageContaining("concept 8 has 2 training images")
                    .hasMessageContaining("5 shots");
        }
    }

    private static long seen(ImageSet images) {
        return java.util.stream.IntStream.range(0, images.size())
                .filter(index -> images.label(index) < RECIPE.seenClasses())
                .count();
    }

    /** Random 8×8 images labelled 0..9 in turn. */
    private static ImageSet labelled(int count) {
        ImageSet images = TinyGenerator.images(count, 17);
        byte[] pixels = new byte[count * 64];
        int[] labels = new int[count];
        for (int index = 0; index < count; index++) {
            labels[index] = index % 10;
            for (int offset = 0; offset < 64; offset++) {
                pixels[index * 64 + offset] = (byte) images.pixel(index, offset);
            }
        }
        return new ImageSet(pixels, labels, 1, 8, 8);
    }
}
