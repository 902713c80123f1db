package org.ranksweep.core.lifecycle;

import java.util.Objects;
import java.util.OptionalInt;
import org.ranksweep.core.trial.TrialState;

/**
 * What {@link TrialLifecycle} needs to know of a trial: its state, how many attempts it has started and may start,
 * and which attempt, if any, is still RUNNING. Immutable.
 *
 * @param attemptCount   attempts started so far; the current attempt's number
 * @param maxAttempts    attempts allowed before the trial fails for good, at least 1
 * @param runningAttempt the attempt whose row is still RUNNING, never above {@code attemptCount}
 */
public record TrialSnapshot(TrialState state, int attemptCount, int maxAttempts, OptionalInt runningAttempt) {

    public TrialSnapshot {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(runningAttempt, "runningAttempt");
        if (attemptCount < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "need attemptCount >= 0 and maxAttempts >= 1, was " + attemptCount + " and " + maxAttempts);
        }
        if (runningAttempt.isPresent() && (runningAttempt.getAsInt() < 1 || runningAttempt.getAsInt() > attemptCount)) {
            throw new IllegalArgumentException(
                    "runningAttempt must be in [1, " + attemptCount + "], was " + runningAttempt.getAsInt());
        }
    }

    /** A trial without a running attempt. */
    public static TrialSnapshot idle(TrialState state, int attemptCount, int maxAttempts) {
        return new TrialSnapshot(state, attemptCount, maxAttempts, OptionalInt.empty());
    }

    /** Whether {@code attempt} is the attempt still RUNNING. */
    public boolean isRunning(int attempt) {
        return runningAttempt.isPresent() && runningAttempt.getAsInt() == attempt;
    }

    TrialSnapshot withState(TrialState next) {
        return new TrialSnapshot(next, attemptCount, maxAttempts, runningAttempt);
    }

    TrialSnapshot withRunning(int attempt) {
        return new TrialSnapshot(state, Math.max(attemptCount, attempt), maxAttempts, OptionalInt.of(attempt));
    }

    TrialSnapshot withoutRunning() {
        return new TrialSnapshot(state, attemptCount, maxAttempts, OptionalInt.empty());
    }
}
