package org.ranksweep.core.lifecycle;

import java.util.List;
import java.util.Objects;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialFailed;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;

/**
 * Something that happened to a trial, as {@link TrialLifecycle} sees it: from the scheduler (queueing, reuse,
 * cancellation, and the successive-halving moves pause, promote and prune), from a worker (start claim, metrics,
 * result, failure) or from recovery (a lost attempt). Attempt numbers are the ones the reporter knew of. Immutable.
 */
public sealed interface LifecycleEvent {

    /**
     * What a worker's report is to the lifecycle.
     *
     * @throws IllegalArgumentException for a report that changes no trial (progress)
     */
    static LifecycleEvent reported(TrialEvent event) {
        if (event instanceof TrialStarted started) {
            return new StartClaimed(started.attempt(), started.workerId());
        } else if (event instanceof MetricsRecorded metrics) {
            return new MetricsReported(metrics.attempt(), metrics.metrics());
        } else if (event instanceof TrialCompleted completed) {
            return new ResultReported(completed.attempt(), completed.result());
        } else if (event instanceof TrialFailed failed) {
            return new AttemptFailed(failed.attempt(), failed.retryable(), failed.reason());
        }
        throw new IllegalArgumentException(
                "not a lifecycle event: " + event.getClass().getSimpleName());
    }

    /** The first queueing of a PENDING trial. */
    record Enqueued() implements LifecycleEvent {}

    /** An identical trial completed earlier: its result is copied instead of running this one. */
    record Reused(TrialId source) implements LifecycleEvent {

        public Reused {
            Objects.requireNonNull(source, "source");
        }
    }

    /** A worker took the trial's assignment for {@code attempt} and holds its lease. */
    record StartClaimed(int attempt, String workerId) implements LifecycleEvent {

        public StartClaimed {
            Objects.requireNonNull(workerId, "workerId");
        }
    }

    /** Metrics of one attempt, in the order recorded. */
    record MetricsReported(int attempt, List<TrialMetric> metrics) implements LifecycleEvent {

        public MetricsReported {
            metrics = List.copyOf(metrics);
        }
    }

    /** A worker's result of one attempt. */
    record ResultReported(int attempt, TrialResult result) implements LifecycleEvent {

        public ResultReported {
            Objects.requireNonNull(result, "result");
        }
    }

    /** An attempt failed; a retryable failure is not the trial's own fault. */
    record AttemptFailed(int attempt, boolean retryable, String reason) implements LifecycleEvent {}

    /** The observer saw {@code attempt} running and now sees it lost (lease expired or vanished, member left). */
    record AttemptLost(int attempt, String reason) implements LifecycleEvent {}

    /** The trial's sweep was cancelled. */
    record Cancelled(String reason) implements LifecycleEvent {}

    /** The running {@code attempt} reached a rung of successive halving: it ends and the trial waits. */
    record Paused(int attempt, String reason) implements LifecycleEvent {}

    /** A paused trial goes on: it is queued for its next attempt, which resumes from its checkpoints. */
    record Promoted() implements LifecycleEvent {}

    /** Successive halving drops the trial. */
    record Pruned(String reason) implements LifecycleEvent {}
}
