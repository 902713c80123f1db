package org.ranksweep.core.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;

/**
 * Generators of lifecycle inputs: every trial state with attempt counts from 0 to the maximum and a running attempt
 * that is absent, current or older; and every kind of event, for attempts older than, equal to and newer than the
 * trial's. Stateless.
 */
final class LifecycleCases {

    static final TrialResult RESULT = new TrialResult(0.75, 1_000, 2_000, 300, 1.0, 9.0, Map.of(), "/a", "00");
    static final List<TrialMetric> METRICS = List.of(new TrialMetric("finetune", 1, "heldout", "top1", 0.5));

    private LifecycleCases() {}

    /** Every state × attempt count in [0, max] × running attempt (none, the current one, an older one). */
    static List<TrialSnapshot> snapshots() {
        List<TrialSnapshot> snapshots = new ArrayList<>();
        for (TrialState state : TrialState.values()) {
            for (int maxAttempts : new int[] {1, 3}) {
                for (int attempts = 0; attempts <= maxAttempts; attempts++) {
                    snapshots.add(TrialSnapshot.idle(state, attempts, maxAttempts));
                    if (attempts >= 1) {
                        snapshots.add(new TrialSnapshot(state, attempts, maxAttempts, OptionalInt.of(attempts)));
                    }
                    if (attempts >= 2) {
                        snapshots.add(new TrialSnapshot(state, attempts, maxAttempts, OptionalInt.of(attempts - 1)));
                    }
                }
            }
        }
        return snapshots;
    }

    /** Every kind of event; those naming an attempt once each for the trial's attempt - 1, attempt and + 1. */
    static List<LifecycleEvent> events(TrialSnapshot trial) {
        List<LifecycleEvent> events = new ArrayList<>(List.of(
                new LifecycleEvent.Enqueued(),
                new LifecycleEvent.Reused(new TrialId(7)),
                new LifecycleEvent.Cancelled("sweep cancelled"),
                new LifecycleEvent.Promoted(),
                new LifecycleEvent.Pruned("successive halving")));
        for (int attempt = Math.max(0, trial.attemptCount() - 1); attempt <= trial.attemptCount() + 1; attempt++) {
            events.addAll(List.of(
                    new LifecycleEvent.StartClaimed(attempt, "worker-" + attempt),
                    new LifecycleEvent.MetricsReported(attempt, METRICS),
                    new LifecycleEvent.ResultReported(attempt, RESULT),
                    new LifecycleEvent.AttemptFailed(attempt, true, "worker shut down"),
                    new LifecycleEvent.AttemptFailed(attempt, false, "training diverged"),
                    new LifecycleEvent.AttemptLost(attempt, "lease expired"),
                    new LifecycleEvent.Paused(attempt, "rung 1")));
        }
        return events;
    }

    /** The attempt an event names, or -1. */
    static int attemptOf(LifecycleEvent event) {
        if (event instanceof LifecycleEvent.StartClaimed e) {
            return e.attempt();
        } else if (event instanceof LifecycleEvent.MetricsReported e) {
            return e.attempt();
        } else if (event instanceof LifecycleEvent.ResultReported e) {
            return e.attempt();
        } else if (event instanceof LifecycleEvent.AttemptFailed e) {
            return e.attempt();
        } else if (event instanceof LifecycleEvent.AttemptLost e) {
            return e.attempt();
        } else if (event instanceof LifecycleEvent.Paused e) {
            return e.attempt();
        }
        return -1;
    }
}
