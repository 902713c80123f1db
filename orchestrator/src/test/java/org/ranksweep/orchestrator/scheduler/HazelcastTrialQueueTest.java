package org.ranksweep.orchestrator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;

class HazelcastTrialQueueTest {

    private static final String SPEC = """
            name: queue-items
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods:
              - {name: comcat, budget: [0.5]}
            """;

    @Test
    void theTrialOfAQueuedAssignmentIsReadWithoutBindingTheRest() {
        PlannedTrial planned = new TrialPlanner()
                .plan(new SpecParser().parse(SPEC, "queue.yaml"))
                .get(0);
        AssignTrial assignment = new AssignTrial(
                new TrialId(9_007_199_254_740_993L), new SweepId(3), 2, planned.config(), planned.contentHash());

        assertThat(HazelcastTrialQueue.trialIdOf(Json.write(assignment))).isEqualTo(assignment.trialId());
    }

    @Test
    void theTopLevelTrialIdCountsWhereverItStandsAndNestedOnesDoNot() {
        String item = "{\"sweepId\": 1, \"config\": {\"a\": [{\"trialId\": 5}], \"trialId\": 6}, \"trialId\": 42}";

        assertThat(HazelcastTrialQueue.trialIdOf(item)).isEqualTo(new TrialId(42));
        assertThatThrownBy(() -> HazelcastTrialQueue.trialIdOf("{\"config\": {\"trialId\": 6}}"))
                .hasMessageContaining("without a trialId");
    }
}
