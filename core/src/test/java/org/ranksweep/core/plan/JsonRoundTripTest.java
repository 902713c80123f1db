package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.SamplerSpec;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.TrialConfig;

/** Every record that crosses HTTP or Hazelcast survives Json.write then Json.read unchanged. */
class JsonRoundTripTest {

    private final SpecParser parser = new SpecParser();
    private final TrialPlanner planner = new TrialPlanner();

    @Test
    void roundTripsTheFullSweepSpec() throws URISyntaxException {
        SweepSpec spec = parser.parse(resource("specs/full.yaml"));

        assertThat(Json.read(Json.write(spec), SweepSpec.class)).isEqualTo(spec);
    }

    @Test
    void roundTripsASpecWithAParameterFileAndDefaults() throws URISyntaxException {
        SweepSpec spec = parser.parse(resource("specs/base-file.yaml"));

        assertThat(spec.model().base()).isEqualTo(new BaseSpec(null, "models/base.params"));
        assertThat(Json.read(Json.write(spec), SweepSpec.class)).isEqualTo(spec);
    }

    @Test
    void roundTripsTrialConfigsWithBudgetsRanksAndDense() throws URISyntaxException {
        List<PlannedTrial> trials = planner.plan(gridOf(resource("specs/full.yaml")));

        assertThat(trials)
                .extracting(trial -> trial.config().ranks())
                .containsNull()
                .hasAtLeastOneElementOfType(RankSpec.class);
        for (PlannedTrial trial : trials) {
            assertThat(Json.read(Json.write(trial.config()), TrialConfig.class)).isEqualTo(trial.config());
            assertThat(Json.read(Json.write(trial), PlannedTrial.class)).isEqualTo(trial);
        }
    }

    @Test
    void roundTripsThePlanSummary() throws URISyntaxException {
        PlanSummary summary = planner.summarize(planner.plan(gridOf(resource("specs/full.yaml"))));

        assertThat(Json.read(Json.write(summary), PlanSummary.class)).isEqualTo(summary);
    }

    /** The full example switched to grid search, so every kind of configuration is planned. */
    private SweepSpec gridOf(Path file) {
        SweepSpec spec = parser.parse(file);
        return spec.withSampler(new SamplerSpec("grid", null, null));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                JsonRoundTripTest.class.getClassLoader().getResource(name).toURI());
    }
}
