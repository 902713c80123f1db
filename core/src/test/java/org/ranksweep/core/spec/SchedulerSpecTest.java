package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Objective;

class SchedulerSpecTest {

    private static final String BASE = """
            name: asha
            dataset: {name: synthetic}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 128}}}
            methods:
              - {name: comcat, budget: [0.5, 0.25]}
            """;

    private final SpecParser parser = new SpecParser();

    @Test
    void aSchedulerSetsEveryTrialsFineTuningEpochsToItsTopRung() {
        SweepSpec spec = parser.parse(
                BASE + "finetune: {lr: 1.0e-3}\nscheduler: {algorithm: asha, min: 1, max: 9, eta: 3}\n", "asha.yaml");

        assertThat(spec.scheduler()).isEqualTo(new SchedulerSpec("asha", "finetune.epochs", 1, 9, 3));
        assertThat(spec.scheduler().ladder().resources()).containsExactly(1, 3, 9);
        assertThat(spec.finetune().epochs()).isEqualTo(9);
        assertThat(spec.finetune().lr()).isEqualTo(1.0e-3);
        assertThat(spec.objectives()).containsExactly(new Objective("top1", Goal.MAX));
        assertThat(spec.constraints()).isEmpty();
    }

    @Test
    void theTopRungDefaultsToTheRecipesEpochs() {
        SweepSpec spec =
                parser.parse(BASE + "finetune: {epochs: 4}\nscheduler: {algorithm: hyperband, eta: 2}\n", "hb.yaml");

        assertThat(spec.scheduler()).isEqualTo(new SchedulerSpec("hyperband", "finetune.epochs", 1, 4, 2));
        assertThat(spec.scheduler().hyperband()).isTrue();
    }

    @Test
    void objectivesAndConstraintsAreRead() {
        SweepSpec spec = parser.parse(BASE + """
                        objectives: [{metric: top1, goal: max}, {metric: macs, goal: min}]
                        constraints: ["params <= 2e5", " top1>=0.5 "]
                        """, "mo.yaml");

        assertThat(spec.scheduler()).isNull();
        assertThat(spec.objectives()).containsExactly(new Objective("top1", Goal.MAX), new Objective("macs", Goal.MIN));
        assertThat(spec.constraints())
                .containsExactly(Constraint.atMost("params", 200000), Constraint.atLeast("top1", 0.5));
    }

    @Test
    void everyProblemNamesItsKey() {
        String text = """
                name: asha
                dataset: {name: synthetic}
                model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 128}}}
                methods:
                  - {name: dense}
                  - {name: comcat, budget: [0.5]}
                finetune: {epochs: 9}
                scheduler: {algorithm: asha, min: 2, max: 8, eta: 3}
                objectives: [{metric: latencyMs, goal: min}, {metric: top1, goal: up}]
                constraints: ["params < 10", "flops <= 3"]
                """;

        assertThatThrownBy(() -> parser.parse(text, "bad.yaml"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("scheduler.max: must equal finetune.epochs (9)")
                .hasMessageContaining("methods[0].name: dense trains nothing")
                .hasMessageContaining("objectives[0].metric: latencyMs is measured only when a trial has finished")
                .hasMessageContaining("objectives[1].goal")
                .hasMessageContaining("constraints[0]: must read '<metric> <= <number>'")
                .hasMessageContaining("constraints[1]: must read");
    }

    @Test
    void aMaxOffTheLadderIsRefusedNamingIt() {
        assertThatThrownBy(() -> parser.parse(BASE + "scheduler: {algorithm: asha, min: 1, max: 8}\n", "ladder.yaml"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("scheduler.max: must be min·eta^k (1, 3, ...), was 8");
        assertThatThrownBy(() -> parser.parse(BASE + "scheduler: {min: 1, max: 9}\n", "algo.yaml"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("scheduler.algorithm: required");
    }
}
