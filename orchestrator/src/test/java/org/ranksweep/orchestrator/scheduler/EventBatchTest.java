package org.ranksweep.orchestrator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/** Worker events applied as one batch: in order per trial, and one bad event does not take the others down. */
class EventBatchTest {

    private static final String SPEC = """
            name: batch
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic, heldOut: 16}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods: [{name: comcat, budget: [0.5, 0.25, 0.125]}]
            """;

    @Test
    void aBatchIsAppliedInOrderAndAnEventTheDatabaseRejectsIsDroppedAlone() {
        try (RunningOrchestrator running = RunningOrchestrator.start("event-batch", 5961, database -> {})) {
            Scheduler scheduler = running.orchestrator().scheduler();
            StoredSweep sweep = scheduler
                    .submit(new SpecParser().parse(SPEC, "batch.yaml"), SPEC, true)
                    .join();
            JdbcTrialRepository trials = new JdbcTrialRepository(running.database());
            List<StoredTrial> stored = trials.listBySweep(sweep.id());

            List<TrialEvent> events = new ArrayList<>();
            for (StoredTrial trial : stored) {
                events.add(new TrialStarted(trial.id(), 1, "worker-" + trial.index()));
                events.add(new MetricsRecorded(
                        trial.id(), 1, List.of(new TrialMetric("finetune", 1, "heldout", "top1", 0.5))));
            }
            for (StoredTrial trial : stored) {
                // top-1 above 1 breaks a CHECK constraint: the middle trial's result cannot be stored.
                double top1 = trial.index() == 1 ? 1.5 : 0.6 + trial.index() / 100.0;
                events.add(new TrialCompleted(
                        trial.id(), 1, new TrialResult(top1, 10, 20, 5, 1, 2, Map.of(), "/a", "00")));
            }
            scheduler.acceptAll(events).join();

            for (StoredTrial trial : List.of(stored.get(0), stored.get(2))) {
                assertThat(trials.find(trial.id()).orElseThrow().state()).isEqualTo(TrialState.COMPLETED);
                assertThat(trials.result(trial.id()).orElseThrow().top1()).isEqualTo(0.6 + trial.index() / 100.0);
                assertThat(trials.metrics(trial.id())).hasSize(1);
                assertThat(trials.attempts(trial.id())).hasSize(1);
            }
            StoredTrial rejected = trials.find(stored.get(1).id()).orElseThrow();
            assertThat(rejected.state()).isNotEqualTo(TrialState.COMPLETED);
            assertThat(trials.result(rejected.id())).isEmpty();
            // Its start and metrics were good events and are kept.
            assertThat(trials.attempts(rejected.id())).isNotEmpty();
            assertThat(trials.metrics(rejected.id())).hasSize(1);
        }
    }
}
