package org.ranksweep.core.lifecycle;

import java.util.List;
import java.util.Objects;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;

/**
 * One thing a {@link Decision} asks for, in three kinds that are carried out at different times: {@link Persistence}
 * effects are written in the decision's transaction, {@link Cluster} effects and {@link Notification}s run only
 * after it committed. {@link Ignored} says why an event changed nothing, for the log. Immutable.
 */
public sealed interface Effect {

    /** A change of the stored trial, its attempts, results or metrics. */
    sealed interface Persistence extends Effect {}

    /** A change of the cluster's queues, leases or cancellations. */
    sealed interface Cluster extends Effect {}

    /** What dashboards and the sweep are told. */
    sealed interface Notification extends Effect {}

    /** The trial's state changes (compare-and-set from {@code from}), storing {@code reason} (null clears it). */
    record ChangeState(TrialState from, TrialState to, String reason) implements Persistence {

        public ChangeState {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** Attempt {@code attempt} starts RUNNING on {@code workerId}; it becomes the trial's attempt count. */
    record StartAttempt(int attempt, String workerId) implements Persistence {}

    /** The RUNNING attempt {@code attempt} ends; an attempt keeps its first outcome. */
    record EndAttempt(int attempt, AttemptOutcome outcome, String reason) implements Persistence {

        public EndAttempt {
            if (outcome == AttemptOutcome.RUNNING) {
                throw new IllegalArgumentException("an attempt cannot end as RUNNING");
            }
        }
    }

    /** The result of {@code attempt} becomes the trial's one result. */
    record AcceptResult(int attempt, TrialResult result) implements Persistence {}

    /** A result that came too late to count, kept for diagnosis only. */
    record KeepStaleResult(int attempt, TrialResult result) implements Persistence {}

    /** Metrics of {@code attempt} are appended in order. */
    record StoreMetrics(int attempt, List<TrialMetric> metrics) implements Persistence {}

    /** The result of the identical trial {@code source} is copied as the result of {@code attempt}. */
    record CopyResult(TrialId source, int attempt) implements Persistence {}

    /** The lease of the trial's attempt is released: the attempt ended as its worker reported. */
    record ReleaseLease() implements Cluster {}

    /** The worker holding the trial's lease is asked to stop. */
    record CancelLease(String reason) implements Cluster {}

    /** Attempt {@code attempt} is offered on the trial's queue. */
    record OfferAttempt(int attempt) implements Cluster {}

    /** A cancellation posted for the trial earlier no longer holds (it is offered again). */
    record ForgetCancellation() implements Cluster {}

    /** The trial's waiting assignment is taken off the queue. */
    record WithdrawFromQueue() implements Cluster {}

    /** Dashboards hear that the trial is now {@code state} at {@code attempt}, with what goes with it. */
    record PublishStateChange(TrialState state, int attempt, Detail detail) implements Notification {

        public PublishStateChange {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** What a state change carries besides the state. */
    sealed interface Detail {

        /** Nothing more to say. */
        Detail NONE = new Nothing();

        /** {@code reason} when there is one, otherwise {@link #NONE}. */
        static Detail because(String reason) {
            return reason == null ? NONE : new Because(reason);
        }

        record Nothing() implements Detail {}

        /** The attempt runs on {@code workerId}. */
        record RunsOn(String workerId) implements Detail {}

        /** The attempt's result, accepted as the trial's. */
        record Result(TrialResult result) implements Detail {}

        /** The trial's result is a copy of the identical trial {@code source}'s. */
        record ReusedFrom(TrialId source) implements Detail {}

        /** Why the trial is in its state (a retry, a failure, a cancellation). */
        record Because(String reason) implements Detail {}
    }

    /** Dashboards hear the stored metrics of {@code attempt}. */
    record PublishMetrics(int attempt, List<TrialMetric> metrics) implements Notification {}

    /** The trial reached a terminal state: its sweep may be done. */
    record CheckSweep() implements Notification {}

    /** The event changed nothing of the trial's state or attempts, because of {@code because}. */
    record Ignored(String because) implements Effect {}
}
