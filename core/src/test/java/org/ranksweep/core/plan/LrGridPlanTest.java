package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.TrialConfig;

/** Planning a sweep whose {@code finetune.lr} lists several learning rates. */
class LrGridPlanTest {

    private static final List<String> METHODS = List.of("comcat", "svd-matrix", "head-prune");
    private static final List<Double> BUDGETS = List.of(0.5, 0.25, 0.125);
    private static final List<Double> LRS = List.of(1.0e-4, 5.0e-4, 2.0e-3);
    private static final List<String> SUFFIXES = List.of("@lr=1e-4", "@lr=5e-4", "@lr=2e-3");

    /** The benchmark space of successive halving: 3 methods × 3 budgets × 3 learning rates. */
    private static final String SPACE = """
            name: lr-grid
            dataset: {name: synthetic, trainLimit: 64}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 32}}}
            methods:
              - {name: comcat, budget: [0.5, 0.25, 0.125]}
              - {name: svd-matrix, budget: [0.5, 0.25, 0.125]}
              - {name: head-prune, budget: [0.5, 0.25, 0.125]}
            finetune: {epochs: 2, lr: [1.0e-4, 5.0e-4, 2.0e-3], minLr: 1.0e-6}
            seeds: [3, 1]
            controls: {denseFt: false}
            """;

    /** Dense, one compressed point and a comcat-auto point, at two learning rates, with both controls. */
    private static final String CONTROLS = """
            name: lr-controls
            dataset: {name: synthetic, trainLimit: 64, heldOut: 32}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 32}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5]}
              - {name: comcat-auto, rho: [0.5], searchEpochs: 2}
            finetune: {epochs: 3, lr: [2.0e-4, 1.0e-3]}
            """;

    private final SpecParser parser = new SpecParser();
    private final TrialPlanner planner = new TrialPlanner();

    @Test
    void plansEveryConfigurationOncePerLearningRateInSpecOrder() {
        List<PlannedTrial> trials = planner.plan(parser.parse(SPACE, "lr-grid.yaml"));

        List<String> expected = new ArrayList<>();
        for (String method : METHODS) {
            for (double budget : BUDGETS) {
                for (String suffix : SUFFIXES) {
                    expected.add(method + suffix + "/" + budget + "/3");
                    expected.add(method + suffix + "/" + budget + "/1");
                }
            }
        }
        assertThat(trials)
                .hasSize(METHODS.size() * BUDGETS.size() * LRS.size() * 2)
                .hasSize(54);
        assertThat(trials)
                .extracting(trial -> trial.config().label() + "/"
                        + trial.config().budget() + "/" + trial.config().seed())
                .containsExactlyElementsOf(expected);
        assertThat(configurations(trials)).hasSize(27);
        assertThat(trials.stream().map(trial -> trial.config().label()).distinct())
                .hasSize(9);
        assertThat(trials.stream().map(PlannedTrial::contentHash).distinct()).hasSize(54);
    }

    @Test
    void eachTrialFineTunesWithItsOwnSingleLearningRate() {
        SweepSpec spec = parser.parse(SPACE, "lr-grid.yaml");

        for (PlannedTrial trial : planner.plan(spec)) {
            TrialConfig config = trial.config();
            int lr = SUFFIXES.indexOf(config.label().substring(config.label().indexOf('@')));
            assertThat(config.finetune().lr()).as(config.label()).isEqualTo(LRS.get(lr));
            assertThat(config.finetune()).isEqualTo(spec.finetune().withLr(LRS.get(lr)));
            assertThat(Json.write(config)).doesNotContain("finetuneLrs");
        }
    }

    @Test
    void theRandomSamplerDrawsAmongConfigurationsOfEveryLearningRate() {
        String random = SPACE + "sampler: {algorithm: random, n: 5, seed: 11}\n";
        List<PlannedTrial> drawn = planner.plan(parser.parse(random, "random.yaml"));
        List<PlannedTrial> all =
                planner.plan(parser.parse(SPACE + "sampler: {algorithm: random, n: 27, seed: 11}\n", "random.yaml"));

        List<String> points = configurations(drawn);
        assertThat(points).hasSize(5).doesNotHaveDuplicates();
        assertThat(configurations(planner.plan(parser.parse(SPACE, "lr-grid.yaml"))))
                .hasSize(27)
                .containsSubsequence(points)
                .containsExactlyElementsOf(configurations(all));
        assertThat(drawn).hasSize(10);
    }

    @Test
    void formatsTheLearningRateShortAndExactly() {
        assertThat(TrialPlanner.lrSuffix(5.0e-4)).isEqualTo("@lr=5e-4");
        assertThat(TrialPlanner.lrSuffix(0.0025)).isEqualTo("@lr=2.5e-3");
        assertThat(TrialPlanner.lrSuffix(1.25e-5)).isEqualTo("@lr=1.25e-5");
        assertThat(TrialPlanner.lrSuffix(1.0)).isEqualTo("@lr=1e0");
        assertThat(TrialPlanner.lrSuffix(10)).isEqualTo("@lr=1e1");
        assertThat(TrialPlanner.lrSuffix(3.0000000000000004e-4)).isNotEqualTo(TrialPlanner.lrSuffix(3.0e-4));
    }

    @Test
    void everyLearningRateGetsItsDenseFtControlAndEachTwinKeepsItsAutosRate() {
        List<TrialConfig> configs = planner.plan(parser.parse(CONTROLS, "controls.yaml")).stream()
                .map(PlannedTrial::config)
                .toList();

        assertThat(configs)
                .extracting(TrialConfig::label)
                .containsExactly(
                        "dense@lr=2e-4",
                        "dense@lr=1e-3",
                        "dense-ft@lr=2e-4",
                        "dense-ft@lr=1e-3",
                        "comcat@lr=2e-4",
                        "comcat@lr=1e-3",
                        "comcat-auto@lr=2e-4",
                        "comcat-auto-uniform@lr=2e-4",
                        "comcat-auto@lr=1e-3",
                        "comcat-auto-uniform@lr=1e-3");
        assertThat(configs.get(2).finetune()).isEqualTo(configs.get(4).finetune());
        assertThat(configs.get(3).finetune()).isEqualTo(configs.get(5).finetune());
        assertThat(configs.get(7).finetune().lr()).isEqualTo(2.0e-4);
        assertThat(configs.get(7).finetune().epochs()).isEqualTo(3 + 2);
        assertThat(configs.get(9).finetune().lr()).isEqualTo(1.0e-3);
    }

    @Test
    void aDenseFtControlIsPlannedOnlyForTheRatesTheSamplerDrew() {
        String space =
                SPACE.replace("controls: {denseFt: false}\n", "") + "sampler: {algorithm: random, n: 1, seed: 0}\n";
        List<TrialConfig> configs = planner.plan(parser.parse(space, "one.yaml")).stream()
                .map(PlannedTrial::config)
                .toList();

        assertThat(configs).hasSize(4);
        String suffix = configs.get(0).label().substring(configs.get(0).label().indexOf('@'));
        assertThat(configs.get(0).label()).isEqualTo("dense-ft" + suffix);
        assertThat(configs.get(2).label()).endsWith(suffix).doesNotStartWith("dense-ft");
        assertThat(configs.get(0).finetune()).isEqualTo(configs.get(2).finetune());
    }

    private static List<String> configurations(List<PlannedTrial> trials) {
        return trials.stream()
                .map(trial -> trial.config().label() + "/" + trial.config().budget())
                .distinct()
                .toList();
    }
}
