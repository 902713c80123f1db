package org.ranksweep.core.lifecycle;

import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialState;

/**
 * The lifecycle's rules for the scheduler's own moves: first queueing, reuse of an identical result,
 * cancellation, and successive halving's pause, promote and prune. Thread-safe: stateless.
 */
final class SchedulerMoves {

    private SchedulerMoves() {}

    static Decision decide(DecisionBuilder decision, LifecycleEvent event) {
        if (event instanceof LifecycleEvent.Enqueued) {
            return enqueued(decision);
        } else if (event instanceof LifecycleEvent.Reused reused) {
            return reused(decision, reused);
        } else if (event instanceof LifecycleEvent.Cancelled cancelled) {
            return cancelled(decision, cancelled);
        } else if (event instanceof LifecycleEvent.Paused paused) {
            return paused(decision, paused);
        } else if (event instanceof LifecycleEvent.Promoted) {
            return promoted(decision);
        } else if (event instanceof LifecycleEvent.Pruned pruned) {
            return pruned(decision, pruned);
        }
        throw new IllegalArgumentException("no rule for " + event);
    }

    private static Decision enqueued(DecisionBuilder decision) {
        TrialSnapshot trial = decision.trial();
        if (trial.state() != TrialState.PENDING) {
            return decision.ignored("not pending: " + TrialLifecycle.at(trial));
        }
        if (trial.attemptCount() >= trial.maxAttempts()) {
            return decision.ignored("trial has used all " + trial.maxAttempts() + " attempts");
        }
        // Unlike a re-queued trial, a trial that never ran has no cancellation to forget.
        int first = trial.attemptCount() + 1;
        return decision.enter(TrialState.QUEUED, null)
                .then(new Effect.OfferAttempt(first))
                .publish(first, Effect.Detail.NONE)
                .decision();
    }

    private static Decision reused(DecisionBuilder decision, LifecycleEvent.Reused event) {
        TrialSnapshot trial = decision.trial();
        if (trial.state().isTerminal()) {
            return decision.ignored("already " + trial.state());
        }
        String reason = "reused result of trial " + event.source();
        leaveCluster(decision, reason);
        return decision.then(new Effect.CopyResult(event.source(), trial.attemptCount()))
                .enter(TrialState.COMPLETED, reason)
                .publish(trial.attemptCount(), new Effect.Detail.ReusedFrom(event.source()))
                .then(new Effect.CheckSweep())
                .decision();
    }

    private static Decision cancelled(DecisionBuilder decision, LifecycleEvent.Cancelled event) {
        TrialSnapshot trial = decision.trial();
        if (trial.state().isTerminal()) {
            return decision.ignored("already " + trial.state());
        }
        leaveCluster(decision, event.reason());
        return decision.enter(TrialState.CANCELLED, event.reason())
                .publish(trial.attemptCount(), Effect.Detail.NONE)
                .then(new Effect.CheckSweep())
                .decision();
    }

    private static Decision paused(DecisionBuilder decision, LifecycleEvent.Paused event) {
        TrialSnapshot trial = decision.trial();
        if (trial.state() != TrialState.RUNNING
                || trial.attemptCount() != event.attempt()
                || !trial.isRunning(event.attempt())) {
            return decision.ignored("not running that attempt: " + TrialLifecycle.at(trial));
        }
        return decision.endAttempt(event.attempt(), AttemptOutcome.SUCCEEDED, event.reason())
                .enter(TrialState.PAUSED, event.reason())
                .then(new Effect.ReleaseLease())
                .publish(event.attempt(), Effect.Detail.because(event.reason()))
                .decision();
    }

    private static Decision promoted(DecisionBuilder decision) {
        TrialSnapshot trial = decision.trial();
        if (trial.state() != TrialState.PAUSED) {
            return decision.ignored("not paused: " + TrialLifecycle.at(trial));
        }
        if (trial.attemptCount() >= trial.maxAttempts()) {
            // The scheduler decides what becomes of it (prune it, or raise its attempts), not this rule.
            return decision.ignored("trial has used all " + trial.maxAttempts() + " attempts");
        }
        return decision.requeue(null).decision();
    }

    private static Decision pruned(DecisionBuilder decision, LifecycleEvent.Pruned event) {
        TrialSnapshot trial = decision.trial();
        TrialState state = trial.state();
        if (state != TrialState.QUEUED && state != TrialState.RUNNING && state != TrialState.PAUSED) {
            return decision.ignored("not queued, running or paused: " + TrialLifecycle.at(trial));
        }
        leaveCluster(decision, event.reason());
        return decision.enter(TrialState.PRUNED, event.reason())
                .publish(trial.attemptCount(), Effect.Detail.because(event.reason()))
                .then(new Effect.CheckSweep())
                .decision();
    }

    /** A trial that stops being scheduled leaves its queue, and its worker is asked to stop. */
    private static void leaveCluster(DecisionBuilder decision, String reason) {
        TrialState state = decision.trial().state();
        if (state == TrialState.QUEUED || state == TrialState.RUNNING) {
            // A running trial too: an offer repeated after a restart may still wait in the queue.
            decision.then(new Effect.WithdrawFromQueue());
        }
        if (state == TrialState.RUNNING) {
            decision.then(new Effect.CancelLease(reason));
        }
    }
}
