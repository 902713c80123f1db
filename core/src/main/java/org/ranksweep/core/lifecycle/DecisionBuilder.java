package org.ranksweep.core.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialState;

/**
 * A decision being built: each step changes the snapshot and records the effect that stores the change, so later
 * steps see the earlier ones. Not thread-safe; one per {@link TrialLifecycle#decide} call.
 */
final class DecisionBuilder {

    private TrialSnapshot trial;
    private final List<Effect> effects = new ArrayList<>();

    DecisionBuilder(TrialSnapshot trial) {
        this.trial = trial;
    }

    TrialSnapshot trial() {
        return trial;
    }

    /**
     * Changes the trial's state. Entering a terminal state ends a still RUNNING attempt, FAILED when the trial
     * fails and CANCELLED otherwise, with the trial's reason (or "trial STATE").
     */
    DecisionBuilder enter(TrialState to, String reason) {
        if (to.isTerminal() && trial.runningAttempt().isPresent()) {
            endAttempt(
                    trial.runningAttempt().getAsInt(),
                    to == TrialState.FAILED ? AttemptOutcome.FAILED : AttemptOutcome.CANCELLED,
                    reason == null ? "trial " + to : reason);
        }
        effects.add(new Effect.ChangeState(trial.state(), to, reason));
        trial = trial.withState(to);
        return this;
    }

    /** Starts attempt {@code attempt}; an attempt still RUNNING is ended as LOST first. */
    DecisionBuilder startAttempt(int attempt, String workerId) {
        if (trial.runningAttempt().isPresent()) {
            endAttempt(trial.runningAttempt().getAsInt(), AttemptOutcome.LOST, "superseded by attempt " + attempt);
        }
        effects.add(new Effect.StartAttempt(attempt, workerId));
        trial = trial.withRunning(attempt);
        return this;
    }

    /** Ends {@code attempt} when it is the RUNNING one; an attempt that has ended keeps its first outcome. */
    DecisionBuilder endAttempt(int attempt, AttemptOutcome outcome, String reason) {
        if (trial.isRunning(attempt)) {
            effects.add(new Effect.EndAttempt(attempt, outcome, reason));
            trial = trial.withoutRunning();
        }
        return this;
    }

    /** Queues the trial's next attempt, with any earlier cancellation of it forgotten. */
    DecisionBuilder requeue(String reason) {
        enter(TrialState.QUEUED, reason);
        int next = trial.attemptCount() + 1;
        effects.add(new Effect.ForgetCancellation());
        effects.add(new Effect.OfferAttempt(next));
        return publish(next, Effect.Detail.because(reason));
    }

    /** Tells dashboards the trial's current state. */
    DecisionBuilder publish(int attempt, Effect.Detail detail) {
        effects.add(new Effect.PublishStateChange(trial.state(), attempt, detail));
        return this;
    }

    DecisionBuilder then(Effect effect) {
        effects.add(effect);
        return this;
    }

    Decision decision() {
        return new Decision(trial, effects);
    }

    /** The trial unchanged, with why, after any effects already recorded (a stale result, a lease to cancel). */
    Decision ignored(String because) {
        effects.add(new Effect.Ignored(because));
        return decision();
    }
}
