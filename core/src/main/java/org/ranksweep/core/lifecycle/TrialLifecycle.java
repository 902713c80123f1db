package org.ranksweep.core.lifecycle;

import java.util.Objects;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialState;

/**
 * The trial lifecycle of docs/architecture.md as one pure function: {@link #decide} takes a trial's snapshot and an
 * event and returns the next snapshot with the effects that store it, tell the cluster and notify dashboards. It
 * does no I/O and reads no clock, so the orchestrator and the tests drive the same rules. Its rules: at most one
 * RUNNING attempt, attempts numbered from 1 and never above {@code maxAttempts}; a result counts only for the
 * current RUNNING attempt of a trial that is not terminal, others are kept stale; lost attempts and retryable
 * failures re-queue the trial until its attempts are used up; a terminal trial absorbs every event except the
 * closing of its last attempt. Scheduler moves (queueing, reuse, cancellation, pause, promote, prune) are in
 * {@link SchedulerMoves}. Thread-safe: stateless.
 */
public final class TrialLifecycle {

    private TrialLifecycle() {}

    /** The decision for {@code event} happening to a trial in {@code trial}'s state. */
    public static Decision decide(TrialSnapshot trial, LifecycleEvent event) {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(event, "event");
        DecisionBuilder decision = new DecisionBuilder(trial);
        if (event instanceof LifecycleEvent.StartClaimed started) {
            return started(decision, started);
        } else if (event instanceof LifecycleEvent.MetricsReported metrics) {
            return metrics(decision, metrics);
        } else if (event instanceof LifecycleEvent.ResultReported result) {
            return result(decision, result);
        } else if (event instanceof LifecycleEvent.AttemptFailed failed) {
            return failed(decision, failed);
        } else if (event instanceof LifecycleEvent.AttemptLost lost) {
            return lost(decision, lost);
        }
        return SchedulerMoves.decide(decision, event);
    }

    private static Decision started(DecisionBuilder decision, LifecycleEvent.StartClaimed event) {
        TrialSnapshot trial = decision.trial();
        if (trial.state().isTerminal()) {
            return decision.then(new Effect.CancelLease("trial is " + trial.state()))
                    .ignored("trial is " + trial.state());
        }
        if (trial.state() != TrialState.QUEUED || event.attempt() != trial.attemptCount() + 1) {
            // A duplicate claim (the trial was re-offered after a restart) or one already re-attached from its
            // lease: the attempt that holds the lease is the one that counts.
            return decision.ignored(at(trial));
        }
        if (trial.attemptCount() >= trial.maxAttempts()) {
            String reason = "trial has used all " + trial.maxAttempts() + " attempts";
            return decision.then(new Effect.CancelLease(reason)).ignored(reason);
        }
        return decision.startAttempt(event.attempt(), event.workerId())
                .enter(TrialState.RUNNING, null)
                .publish(event.attempt(), new Effect.Detail.RunsOn(event.workerId()))
                .decision();
    }

    private static Decision metrics(DecisionBuilder decision, LifecycleEvent.MetricsReported event) {
        TrialSnapshot trial = decision.trial();
        if (trial.state() != TrialState.RUNNING || trial.attemptCount() != event.attempt()) {
            return decision.ignored("stale metrics: " + at(trial));
        }
        return decision.then(new Effect.StoreMetrics(event.attempt(), event.metrics()))
                .then(new Effect.PublishMetrics(event.attempt(), event.metrics()))
                .decision();
    }

    private static Decision result(DecisionBuilder decision, LifecycleEvent.ResultReported event) {
        TrialSnapshot trial = decision.trial();
        boolean current = event.attempt() == trial.attemptCount()
                && !trial.state().isTerminal()
                && trial.isRunning(event.attempt());
        if (!current) {
            return decision.then(new Effect.KeepStaleResult(event.attempt(), event.result()))
                    .ignored("stale result: " + at(trial));
        }
        return decision.then(new Effect.AcceptResult(event.attempt(), event.result()))
                .endAttempt(event.attempt(), AttemptOutcome.SUCCEEDED, null)
                .enter(TrialState.COMPLETED, null)
                .then(new Effect.ReleaseLease())
                .publish(event.attempt(), new Effect.Detail.Result(event.result()))
                .then(new Effect.CheckSweep())
                .decision();
    }

    private static Decision failed(DecisionBuilder decision, LifecycleEvent.AttemptFailed event) {
        TrialSnapshot trial = decision.trial();
        if (trial.attemptCount() != event.attempt()) {
            return decision.ignored("failure of an old attempt: " + at(trial));
        }
        if (trial.state().isTerminal()) {
            // Typically a cancelled trial whose worker stopped: close the attempt, keep the trial's state.
            return decision.endAttempt(event.attempt(), AttemptOutcome.CANCELLED, event.reason())
                    .then(new Effect.ForgetCancellation())
                    .decision();
        }
        decision.endAttempt(event.attempt(), AttemptOutcome.FAILED, event.reason())
                .then(new Effect.ReleaseLease());
        return retryOrFail(decision, event.retryable(), event.reason());
    }

    private static Decision lost(DecisionBuilder decision, LifecycleEvent.AttemptLost event) {
        TrialSnapshot trial = decision.trial();
        // The observer read the trial earlier: a trial that has moved on since is not lost.
        if (trial.state() != TrialState.RUNNING || trial.attemptCount() != event.attempt()) {
            return decision.ignored("moved on: " + at(trial));
        }
        decision.endAttempt(event.attempt(), AttemptOutcome.LOST, event.reason())
                .then(new Effect.ReleaseLease());
        return retryOrFail(decision, true, event.reason());
    }

    /**
     * A RUNNING trial whose attempt ended without a result: re-queued for its next attempt when the failure is
     * retryable and attempts are left, else FAILED (with "(attempt n of m)" when the attempts ran out).
     */
    private static Decision retryOrFail(DecisionBuilder decision, boolean retryable, String reason) {
        TrialSnapshot trial = decision.trial();
        if (trial.state() != TrialState.RUNNING) {
            return decision.decision();
        }
        if (retryable && trial.attemptCount() < trial.maxAttempts()) {
            return decision.requeue(reason).decision();
        }
        String finalReason =
                retryable ? reason + " (attempt " + trial.attemptCount() + " of " + trial.maxAttempts() + ")" : reason;
        return decision.enter(TrialState.FAILED, finalReason)
                .publish(trial.attemptCount(), Effect.Detail.because(finalReason))
                .then(new Effect.CheckSweep())
                .decision();
    }

    static String at(TrialSnapshot trial) {
        return "trial " + trial.state() + " at attempt " + trial.attemptCount();
    }
}
