package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.TrialConfig;

class ControlTrialsTest {

    private static final String SPEC = """
            name: controls-test
            dataset: {name: synthetic, trainLimit: 64, heldOut: 32}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 32}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5, 0.25]}
              - {name: comcat-auto, rho: [0.5, 0.75], searchEpochs: 2}
            finetune: {epochs: 3, lr: 2.0e-4, batch: 64}
            seeds: [4, 2]
            """;

    private final SpecParser parser = new SpecParser();
    private final TrialPlanner planner = new TrialPlanner();

    @Test
    void addsADenseFtTrialPerSeedRightAfterDenseWithTheCompressedTrialsRecipe() {
        SweepSpec spec = parser.parse(SPEC, "controls.yaml");
        List<PlannedTrial> trials = planner.plan(spec);

        assertThat(trials)
                .extracting(
                        trial -> trial.config().label() + "/" + trial.config().seed())
                .startsWith("dense/4", "dense/2", "dense-ft/4", "dense-ft/2", "comcat/4");
        TrialConfig denseFt = trials.get(2).config();
        TrialConfig comcat = trials.get(4).config();
        assertThat(denseFt.method()).isEqualTo("dense-ft");
        assertThat(denseFt.budget()).isNull();
        assertThat(denseFt.finetune()).isEqualTo(comcat.finetune()).isEqualTo(spec.finetune());
        assertThat(denseFt.dataset()).isEqualTo(comcat.dataset());
        assertThat(denseFt.model()).isEqualTo(comcat.model());
    }

    @Test
    void givesEachComcatAutoPointAUniformTwinTrainedForTheSameTotalEpochs() {
        SweepSpec spec = parser.parse(SPEC, "controls.yaml");
        List<PlannedTrial> trials = planner.plan(spec);

        List<TrialConfig> autos = trials.stream()
                .map(PlannedTrial::config)
                .filter(config -> config.method().equals("comcat-auto"))
                .toList();
        List<TrialConfig> twins = trials.stream()
                .map(PlannedTrial::config)
                .filter(config -> config.label().equals("comcat-auto" + TrialPlanner.TWIN_SUFFIX))
                .toList();
        assertThat(autos).hasSize(4);
        assertThat(twins).hasSize(4);
        for (int index = 0; index < autos.size(); index++) {
            TrialConfig auto = autos.get(index);
            TrialConfig twin = twins.get(index);
            int autoEpochs = auto.rankSearch().searchEpochs() + auto.finetune().epochs();
            assertThat(twin.method()).isEqualTo("comcat");
            assertThat(twin.budget()).isEqualTo(auto.budget());
            assertThat(twin.seed()).isEqualTo(auto.seed());
            assertThat(twin.rankSearch()).isNull();
            assertThat(twin.finetune().epochs()).isEqualTo(autoEpochs).isEqualTo(2 + 3);
            assertThat(twin.finetune().withEpochs(auto.finetune().epochs())).isEqualTo(auto.finetune());
        }
        // Each twin follows its comcat-auto point (both seeds), so the table reads point by point.
        int firstAuto = indexOf(trials, "comcat-auto", 0.5, 4);
        assertThat(indexOf(trials, "comcat-auto-uniform", 0.5, 4)).isEqualTo(firstAuto + 2);
    }

    @Test
    void keepsTheControlsWhenRandomSearchDrawsConfigurations() {
        String random = SPEC.replace("seeds: [4, 2]", "seeds: [4]\nsampler: {algorithm: random, n: 2, seed: 3}");
        List<PlannedTrial> trials = planner.plan(parser.parse(random, "random.yaml"));

        long drawn = trials.stream()
                .filter(trial -> !trial.config().method().equals("dense-ft")
                        && !trial.config().label().endsWith(TrialPlanner.TWIN_SUFFIX))
                .count();
        assertThat(drawn).isEqualTo(2);
        assertThat(trials).extracting(trial -> trial.config().method()).contains("dense-ft");
    }

    @Test
    void addsNoControlWhenTheSpecTurnsThemOffOrNothingFineTunes() {
        String off = SPEC + "controls: {denseFt: false, computeMatched: false}\n";
        assertThat(planner.plan(parser.parse(off, "off.yaml")))
                .extracting(trial -> trial.config().label())
                .doesNotContain("dense-ft", "comcat-auto-uniform");

        String noFinetune = SPEC.replace("finetune: {epochs: 3, lr: 2.0e-4, batch: 64}", "finetune: {epochs: 0}");
        assertThat(planner.plan(parser.parse(noFinetune, "none.yaml")))
                .extracting(trial -> trial.config().method())
                .doesNotContain("dense-ft");

        String denseOnly = SPEC.replace("""
                  - {name: comcat, budget: [0.5, 0.25]}
                  - {name: comcat-auto, rho: [0.5, 0.75], searchEpochs: 2}
                """, "");
        assertThat(planner.plan(parser.parse(denseOnly, "dense.yaml")))
                .extracting(trial -> trial.config().method())
                .containsOnly("dense");
    }

    @Test
    void letsTheSpecsOwnDenseFtEntryStandInsteadOfTheAddedOne() {
        String named = SPEC.replace("  - {name: dense}\n", "  - {name: dense-ft}\n");
        List<PlannedTrial> trials = planner.plan(parser.parse(named, "named.yaml"));

        assertThat(trials)
                .filteredOn(trial -> trial.config().method().equals("dense-ft"))
                .hasSize(2);
        assertThat(trials.get(0).config().method()).isEqualTo("dense-ft");
    }

    @Test
    void rejectsUnknownControlKeysNamingThem() {
        ValidationException error = Assertions.catchThrowableOfType(
                () -> parser.parse(SPEC + "controls: {denseFT: false}\n", "bad.yaml"), ValidationException.class);

        assertThat(error.getMessage()).contains("controls.denseFT");
    }

    private static int indexOf(List<PlannedTrial> trials, String label, double budget, long seed) {
        for (PlannedTrial trial : trials) {
            TrialConfig config = trial.config();
            if (config.label().equals(label)
                    && Double.valueOf(budget).equals(config.budget())
                    && config.seed() == seed) {
                return trial.index();
            }
        }
        return -1;
    }
}
