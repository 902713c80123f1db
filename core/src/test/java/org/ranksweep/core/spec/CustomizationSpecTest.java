package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.customize.CustomizationPoint;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.trial.TrialConfig;

class CustomizationSpecTest {

    private static final String HEAD = """
            name: customize
            dataset: {name: fashion-mnist, heldOut: 2000}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 2, lr: 1.0e-3, batch: 128}}}
            """;

    private final SpecParser parser = new SpecParser();

    @Test
    void everyKeyDefaultsAsDocumented() {
        SweepSpec spec = parser.parse(HEAD + """
                customization:
                  concepts: [bag, 9]
                  methods: [full, custom-diffusion, lora, comcat-adapter]
                """, "c.yaml");

        CustomizationSpec customization = spec.customization();
        assertThat(spec.customizes()).isTrue();
        assertThat(spec.methods()).isEmpty();
        assertThat(spec.finetune()).isNull();
        assertThat(customization.generator()).isEqualTo(GeneratorSpec.defaults());
        assertThat(customization.concepts()).containsExactly(8, 9);
        assertThat(customization.shots()).isEqualTo(8);
        assertThat(customization.steps()).isEqualTo(250);
        assertThat(customization.batch()).isEqualTo(8);
        assertThat(customization.sampling()).isEqualTo(SamplingSpec.defaults());
        assertThat(customization.methods())
                .containsExactly(
                        new CustomizationMethodSpec("full", List.of(), 1e-4),
                        new CustomizationMethodSpec("custom-diffusion", List.of(), 1e-3),
                        new CustomizationMethodSpec("lora", List.of(2), 1e-3),
                        new CustomizationMethodSpec("comcat-adapter", List.of(2), 2.5e-3));
    }

    @Test
    void everyMethodRankConceptAndSeedIsOneTrialInSpecOrder() {
        SweepSpec spec = parser.parse(HEAD + """
                customization:
                  concepts: [8, 9]
                  steps: 40
                  methods: [full, {name: comcat-adapter, ranks: [2, 4], lr: 1.0e-3}]
                seeds: [0, 1]
                """, "c.yaml");

        List<PlannedTrial> trials = new TrialPlanner().plan(spec);

        assertThat(trials).hasSize((1 + 2) * 2 * 2);
        assertThat(trials.stream().map(trial -> trial.config().label()).distinct())
                .containsExactly(
                        "full.bag",
                        "full.ankle-boot",
                        "comcat-adapter-r2.bag",
                        "comcat-adapter-r2.ankle-boot",
                        "comcat-adapter-r4.bag",
                        "comcat-adapter-r4.ankle-boot");
        TrialConfig last = trials.get(trials.size() - 1).config();
        assertThat(last.method()).isEqualTo("comcat-adapter");
        assertThat(last.seed()).isEqualTo(1);
        assertThat(last.finetune()).isNull();
        assertThat(last.model()).isEqualTo(spec.model());
        assertThat(last.customization())
                .isEqualTo(new CustomizationPoint(
                        GeneratorSpec.defaults(), 9, 4, 8, 40, 8, 1e-3, SamplingSpec.defaults()));
        Set<String> hashes = new HashSet<>();
        trials.forEach(trial -> hashes.add(trial.contentHash()));
        assertThat(hashes).hasSize(trials.size());
        assertThat(Json.read(Json.write(last), TrialConfig.class)).isEqualTo(last);
    }

    @Test
    void aCompressionTrialsJsonHasNoCustomizationKeySoItsContentHashIsUnchanged() {
        SweepSpec spec = parser.parse(HEAD + "methods: [{name: comcat, budget: [0.5]}]\n", "c.yaml");

        TrialConfig config = new TrialPlanner().plan(spec).get(0).config();

        assertThat(config.customizes()).isFalse();
        assertThat(Json.write(config)).doesNotContain("customization");
    }

    @Test
    void everyProblemNamesItsKey() {
        String text = HEAD + """
                finetune: {epochs: 2}
                customization:
                  generator: {width: 30, heads: 4}
                  concepts: [bag, 3, boot, bag]
                  methods: [full, {name: full}, {name: custom-diffusion, ranks: [2]}, loar, {name: lora, ranks: [0]}]
                """;

        assertThatThrownBy(() -> parser.parse(text, "bad.yaml"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("finetune: a customization sweep has no finetune")
                .hasMessageContaining("customization.generator.width: must be a multiple of heads (4), was 30")
                .hasMessageContaining("customization.concepts[1]: concept 3 (dress) is a class the generator is"
                        + " trained on (labels below generator.seenClasses = 8)")
                .hasMessageContaining("customization.concepts[2]: unknown concept 'boot'")
                .hasMessageContaining("customization.concepts[3]: duplicate concept 8")
                .hasMessageContaining("customization.methods[1]: method full is listed twice")
                .hasMessageContaining("customization.methods[2].ranks: custom-diffusion has no rank")
                .hasMessageContaining(
                        "customization.methods[3].name: unknown customization method 'loar'; did you" + " mean 'lora'?")
                .hasMessageContaining("customization.methods[4].ranks[0]: must be");
    }

    @Test
    void aSweepWithNeitherMethodsNorCustomizationNeedsMethods() {
        assertThatThrownBy(() -> parser.parse(HEAD, "none.yaml"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("methods: required");
    }
}
