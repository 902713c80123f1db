package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;

class SpecParserTest {

    private final SpecParser parser = new SpecParser();

    @Test
    void readsEveryExplicitValueOfTheFullExample() throws URISyntaxException {
        SweepSpec spec = parser.parse(resource("specs/full.yaml"));

        assertThat(spec.name()).isEqualTo("full-example");
        assertThat(spec.dataset())
                .isEqualTo(
                        new DatasetSpec("fashion-mnist", "/data/fashion", 2000, 12000, 2000, SpecNames.AUGMENT_LIGHT));
        assertThat(spec.model())
                .isEqualTo(new ModelSpec("vit-tiny-fmnist", new BaseSpec(new TrainRecipe(5, 1.0e-3, 64, 0.1), null)));
        assertThat(spec.methods())
                .containsExactly(
                        new MethodSpec("dense", "dense", List.of(), null, null, false),
                        new MethodSpec("comcat", "comcat", List.of(0.5, 0.25, 0.125), null, null, true),
                        new MethodSpec(
                                "comcat",
                                "comcat-manual",
                                List.of(),
                                new RankSpec(List.of(8, 8, 4, 4), List.of(6, 6, 6, 6)),
                                null,
                                false),
                        new MethodSpec("svd-matrix", "svd-matrix", List.of(0.5, 0.25), null, null, false),
                        new MethodSpec("head-prune", "head-prune", List.of(0.5), null, "taylor", false));
        assertThat(spec.finetune())
                .isEqualTo(new FinetuneSpec(
                        2,
                        3.0e-4,
                        1.0e-5,
                        256,
                        0.01,
                        new DistillSpec(false, 0.25),
                        new FeatureAlignSpec(0.1, List.of(1, 3))));
        assertThat(spec.sampler()).isEqualTo(new SamplerSpec("random", 4, 7L));
        assertThat(spec.resources()).isEqualTo(new ResourceSpec("gpu", 2));
        assertThat(spec.seeds()).containsExactly(0L, 1L);
        assertThat(spec.maxAttempts()).isEqualTo(5);
    }

    @Test
    void appliesEveryDefaultToAMinimalSpec() {
        SweepSpec spec = parser.parse(
                SpecTexts.with(
                        "methods", "[{name: dense}, {name: comcat, budget: 0.5}, {name: head-prune, budget: [0.5]}]"),
                "minimal.yaml");

        assertThat(spec.dataset()).isEqualTo(new DatasetSpec("synthetic", null, 5000, null, null, "none"));
        assertThat(spec.model().base()).isEqualTo(new BaseSpec(new TrainRecipe(1, 1.0e-3, 128, 0.05), null));
        assertThat(spec.finetune())
                .isEqualTo(new FinetuneSpec(
                        1,
                        5.0e-4,
                        1.0e-6,
                        128,
                        0.05,
                        new DistillSpec(true, 0.5),
                        new FeatureAlignSpec(0.0, List.of())));
        assertThat(spec.sampler()).isEqualTo(new SamplerSpec("grid", null, null));
        assertThat(spec.resources()).isEqualTo(new ResourceSpec("cpu", 0));
        assertThat(spec.seeds()).containsExactly(0L);
        assertThat(spec.maxAttempts()).isEqualTo(3);
        assertThat(spec.methods()).extracting(MethodSpec::label).containsExactly("dense", "comcat", "head-prune");
        assertThat(spec.methods()).extracting(MethodSpec::importance).containsExactly(null, null, "l1");
        assertThat(spec.methods().get(1).budget()).containsExactly(0.5);
    }

    @Test
    void fillsOneRankPerBlockFromASingleRank() {
        SweepSpec spec = parser.parse(
                SpecTexts.with("methods", "[{name: svd-matrix, ranks: {qk: 96, vo: [1, 2, 3, 4]}}]"), "ranks.yaml");

        assertThat(spec.methods().get(0).ranks()).isEqualTo(new RankSpec(List.of(96, 96, 96, 96), List.of(1, 2, 3, 4)));
    }

    @Test
    void readsJsonToTheSameSpecAsYaml() {
        String json = """
                {"name": "test-sweep", "dataset": {"name": "synthetic"},
                 "model": {"arch": "vit-tiny-fmnist", "base": {"train": {"epochs": 1, "lr": 0.001, "batch": 128}}},
                 "methods": [{"name": "dense"}, {"name": "comcat", "budget": [0.5, 0.25]}]}
                """;

        assertThat(parser.parse(json, "request body")).isEqualTo(parser.parse(SpecTexts.valid(), "test.yaml"));
    }

    @Test
    void readsJsonIndentedWithTabs() {
        String json = "{\n\t\"name\": \"test-sweep\",\n\t\"dataset\": {\"name\": \"synthetic\"},"
                + "\n\t\"model\": {\"arch\": \"vit-tiny-fmnist\", \"base\": {\"file\": \"p\"}},"
                + "\n\t\"methods\": [{\"name\": \"dense\"}]\n}";

        assertThat(parser.parse(json, "tabs.json").methods()).hasSize(1);
    }

    @Test
    void readsYamlFlowStyleThatStartsWithABrace() {
        String flow = "{name: test-sweep, dataset: {name: synthetic}, model: " + SpecTexts.MODEL
                + ", methods: [{name: dense}, {name: comcat, budget: [0.5, 0.25]}]}";

        assertThat(parser.parse(flow, "flow.yaml")).isEqualTo(parser.parse(SpecTexts.valid(), "test.yaml"));
    }

    @Test
    void treatsNullValuesAsAbsent() {
        SweepSpec spec = parser.parse(SpecTexts.with("finetune", "{lr: null, distill: ~}", "seeds", "null"), "t.yaml");

        assertThat(spec.finetune().lr()).isEqualTo(5.0e-4);
        assertThat(spec.finetune().distill()).isEqualTo(new DistillSpec(true, 0.5));
        assertThat(spec.seeds()).containsExactly(0L);
    }

    @Test
    void acceptsTheBoundaryValuesOfEveryRange() {
        SweepSpec spec = parser.parse(
                SpecTexts.with(
                        "methods",
                        "[{name: comcat, budget: [1.0]}, {name: comcat, label: c2, ranks: {qk: 24, vo: 1}}]",
                        "finetune",
                        "{epochs: 0, minLr: 5.0e-4, batch: 65536, weightDecay: 0, distill: {weight: 1},"
                                + " featureAlign: {weight: 1, blocks: [0, 3]}}",
                        "maxAttempts",
                        "20",
                        "seeds",
                        "[-1, 9223372036854775807]"),
                "t.yaml");

        assertThat(spec.methods().get(0).budget()).containsExactly(1.0);
        assertThat(spec.methods().get(1).ranks().qk()).containsExactly(24, 24, 24, 24);
        assertThat(spec.finetune().minLr()).isEqualTo(spec.finetune().lr());
        assertThat(spec.seeds()).containsExactly(-1L, Long.MAX_VALUE);
    }

    @Test
    void readsTheBaseWarmUpAndDefaultsItToZero() {
        SweepSpec warm = parser.parse(
                SpecTexts.with(
                        "methods",
                        "[{name: dense}]",
                        "model",
                        "{arch: vit-tiny-fmnist, base: {train: {epochs: 6, lr: 1.0e-3, batch: 128, warmupEpochs: 2}}}"),
                "t.yaml");
        SweepSpec plain = parser.parse(
                SpecTexts.with(
                        "methods",
                        "[{name: dense}]",
                        "model",
                        "{arch: vit-tiny-fmnist, base: {train: {epochs: 6, lr: 1.0e-3, batch: 128}}}"),
                "t.yaml");

        assertThat(warm.model().base().train()).isEqualTo(new TrainRecipe(6, 1.0e-3, 128, 0.05, 2));
        assertThat(plain.model().base().train().warmupEpochs()).isZero();
    }

    @Test
    void rejectsAWarmUpThatIsNotShorterThanTraining() {
        assertThatThrownBy(() -> parser.parse(
                        SpecTexts.with(
                                "methods",
                                "[{name: dense}]",
                                "model",
                                "{arch: vit-tiny-fmnist, base: {train: {epochs: 3, lr: 1.0e-3, batch: 128, warmupEpochs: 3}}}"),
                        "t.yaml"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("model.base.train.warmupEpochs")
                .hasMessageContaining("less than epochs (3)");
    }

    @Test
    void readsASpecFileAndNamesAMissingOne(@TempDir Path directory) {
        assertThatThrownBy(() -> parser.parse(directory.resolve("absent.yaml")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("absent.yaml");
    }

    @Test
    void rejectsASpecFileThatIsNotUtf8(@TempDir Path directory) throws IOException {
        Path file =
                Files.write(directory.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9});

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ValidationException.class)
                .hasMessage(file + " is not UTF-8 text");
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(SpecParserTest.class.getClassLoader().getResource(name).toURI());
    }
}
