package org.ranksweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;

class VitFactoryTest {

    @TempDir
    Path directory;

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void aLoadedModelHoldsTheSavedValuesAndCanBeSavedAgain() throws Exception {
        ModelPlan plan = ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST);
        List<float[]> saved = new ArrayList<>();
        try (Model model = VitFactory.create("original", plan, 5)) {
            model.save(directory, "first");
            values(model).forEach(saved::add);
        }
        try (Model loaded = VitFactory.load("loaded", plan, directory, "first")) {
            assertThat(values(loaded)).containsExactlyElementsOf(saved);
            // A dense trial saves its loaded base model as the trial's artifact.
            loaded.save(directory, "second");
        }
        assertThat(Files.list(directory).map(path -> path.getFileName().toString()))
                .contains("second-0000.params");
    }

    @Test
    void initialisesLikeTimmTruncatedNormalWeightsAndTokensZeroBiasesUnitLayerNorms() {
        // A normal of sigma 0.02 cut at ±2 sigma keeps this standard deviation: sigma·sqrt(1 − 2·2φ(2)/(2Φ(2) − 1)).
        double phi2 = Math.exp(-2) / Math.sqrt(2 * Math.PI);
        double mass = 0.9544997361036416;
        double expectedStd = 0.02 * Math.sqrt(1 - 4 * phi2 / mass);
        List<Float> weights = new ArrayList<>();
        List<Float> tokens = new ArrayList<>();
        try (Model model = VitFactory.create("init", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 11)) {
            for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
                Parameter parameter = entry.getValue();
                float[] values = parameter.getArray().toFloatArray();
                switch (parameter.getType()) {
                    case WEIGHT -> addAll(weights, values);
                    case OTHER -> addAll(tokens, values);
                    case BIAS, BETA -> assertThat(values).as(entry.getKey()).containsOnly(0f);
                    case GAMMA -> assertThat(values).as(entry.getKey()).containsOnly(1f);
                    default -> throw new AssertionError("unexpected parameter " + entry.getKey());
                }
            }
        }
        assertThat(weights).hasSizeGreaterThan(100_000);
        assertThat(weights).allSatisfy(value -> assertThat(Math.abs(value)).isLessThanOrEqualTo(0.04f));
        assertThat(mean(weights)).isCloseTo(0, org.assertj.core.data.Offset.offset(2e-4));
        assertThat(std(weights)).isCloseTo(expectedStd, org.assertj.core.data.Percentage.withPercentage(1));
        // class token (d) and positions ((7·7 patches of 28×28 images + 1)·d)
        assertThat(tokens).hasSize(96 + (7 * 7 + 1) * 96);
        assertThat(tokens).allSatisfy(value -> assertThat(Math.abs(value)).isLessThanOrEqualTo(0.04f));
        assertThat(std(tokens)).isCloseTo(expectedStd, org.assertj.core.data.Percentage.withPercentage(5));
    }

    @Test
    void theSameSeedGivesTheSameInitialWeights() {
        ModelPlan plan = ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST);
        try (Model first = VitFactory.create("a", plan, 3);
                Model second = VitFactory.create("b", plan, 3);
                Model other = VitFactory.create("c", plan, 4)) {
            assertThat(values(second)).containsExactlyElementsOf(values(first));
            assertThat(values(other).get(0)).isNotEqualTo(values(first).get(0));
        }
    }

    private static void addAll(List<Float> target, float[] values) {
        for (float value : values) {
            target.add(value);
        }
    }

    private static double mean(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    }

    private static double std(List<Float> values) {
        double mean = mean(values);
        return Math.sqrt(values.stream()
                        .mapToDouble(value -> (value - mean) * (value - mean))
                        .sum()
                / values.size());
    }

    private static List<float[]> values(Model model) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
            values.add(entry.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
