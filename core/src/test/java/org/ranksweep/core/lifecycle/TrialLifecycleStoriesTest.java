package org.ranksweep.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialFailed;
import org.ranksweep.core.event.TrialProgressed;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;

/** Whole paths of one trial through the lifecycle, with the effects each step asks for. */
class TrialLifecycleStoriesTest {

    @Test
    void aTrialIsQueuedStartedAndCompletedWithItsLeaseReleasedAndTheSweepChecked() {
        TrialSnapshot pending = TrialSnapshot.idle(TrialState.PENDING, 0, 3);

        Decision queued = TrialLifecycle.decide(pending, new LifecycleEvent.Enqueued());
        Decision running = TrialLifecycle.decide(queued.next(), new LifecycleEvent.StartClaimed(1, "w1"));
        Decision completed =
                TrialLifecycle.decide(running.next(), new LifecycleEvent.ResultReported(1, LifecycleCases.RESULT));

        assertThat(queued.effects())
                .containsExactly(
                        new Effect.ChangeState(TrialState.PENDING, TrialState.QUEUED, null),
                        new Effect.OfferAttempt(1),
                        new Effect.PublishStateChange(TrialState.QUEUED, 1, Effect.Detail.NONE));
        assertThat(running.effects())
                .containsExactly(
                        new Effect.StartAttempt(1, "w1"),
                        new Effect.ChangeState(TrialState.QUEUED, TrialState.RUNNING, null),
                        new Effect.PublishStateChange(TrialState.RUNNING, 1, new Effect.Detail.RunsOn("w1")));
        assertThat(completed.effects())
                .containsExactly(
                        new Effect.AcceptResult(1, LifecycleCases.RESULT),
                        new Effect.EndAttempt(1, AttemptOutcome.SUCCEEDED, null),
                        new Effect.ChangeState(TrialState.RUNNING, TrialState.COMPLETED, null),
                        new Effect.ReleaseLease(),
                        new Effect.PublishStateChange(
                                TrialState.COMPLETED, 1, new Effect.Detail.Result(LifecycleCases.RESULT)),
                        new Effect.CheckSweep());
        assertThat(completed.next()).isEqualTo(TrialSnapshot.idle(TrialState.COMPLETED, 1, 3));
    }

    @Test
    void aLostAttemptIsRetriedAndItsLateResultKeptStale() {
        TrialSnapshot running = new TrialSnapshot(TrialState.RUNNING, 1, 3, OptionalInt.of(1));

        Decision lost = TrialLifecycle.decide(running, new LifecycleEvent.AttemptLost(1, "lease expired"));
        Decision late = TrialLifecycle.decide(lost.next(), new LifecycleEvent.ResultReported(1, LifecycleCases.RESULT));

        assertThat(lost.next()).isEqualTo(TrialSnapshot.idle(TrialState.QUEUED, 1, 3));
        assertThat(lost.effects())
                .containsExactly(
                        new Effect.EndAttempt(1, AttemptOutcome.LOST, "lease expired"),
                        new Effect.ReleaseLease(),
                        new Effect.ChangeState(TrialState.RUNNING, TrialState.QUEUED, "lease expired"),
                        new Effect.ForgetCancellation(),
                        new Effect.OfferAttempt(2),
                        new Effect.PublishStateChange(
                                TrialState.QUEUED, 2, new Effect.Detail.Because("lease expired")));
        assertThat(late.effects(Effect.KeepStaleResult.class)).hasSize(1);
        assertThat(late.ignoredBecause()).contains("stale result: trial QUEUED at attempt 1");
        assertThat(late.next()).isEqualTo(lost.next());
    }

    @Test
    void aStillRunningAttemptIsMarkedLostWhenTheNextStarts() {
        TrialSnapshot queuedWithOldAttempt = new TrialSnapshot(TrialState.QUEUED, 1, 3, OptionalInt.of(1));

        Decision started = TrialLifecycle.decide(queuedWithOldAttempt, new LifecycleEvent.StartClaimed(2, "w2"));

        assertThat(started.effects())
                .startsWith(
                        new Effect.EndAttempt(1, AttemptOutcome.LOST, "superseded by attempt 2"),
                        new Effect.StartAttempt(2, "w2"));
        assertThat(started.next()).isEqualTo(new TrialSnapshot(TrialState.RUNNING, 2, 3, OptionalInt.of(2)));
    }

    @Test
    void aCancelledTrialRefusesItsClaimAndClosesItsWorkersAttempt() {
        TrialSnapshot running = new TrialSnapshot(TrialState.RUNNING, 2, 3, OptionalInt.of(2));

        Decision cancelled = TrialLifecycle.decide(running, new LifecycleEvent.Cancelled("sweep cancelled"));
        Decision claim = TrialLifecycle.decide(cancelled.next(), new LifecycleEvent.StartClaimed(3, "w3"));
        Decision stopped = TrialLifecycle.decide(
                new TrialSnapshot(TrialState.CANCELLED, 2, 3, OptionalInt.of(2)),
                new LifecycleEvent.AttemptFailed(2, true, "cancelled"));

        assertThat(cancelled.effects())
                .containsExactly(
                        new Effect.WithdrawFromQueue(),
                        new Effect.CancelLease("sweep cancelled"),
                        new Effect.EndAttempt(2, AttemptOutcome.CANCELLED, "sweep cancelled"),
                        new Effect.ChangeState(TrialState.RUNNING, TrialState.CANCELLED, "sweep cancelled"),
                        new Effect.PublishStateChange(TrialState.CANCELLED, 2, Effect.Detail.NONE),
                        new Effect.CheckSweep());
        assertThat(claim.effects())
                .containsExactly(
                        new Effect.CancelLease("trial is CANCELLED"), new Effect.Ignored("trial is CANCELLED"));
        assertThat(stopped.effects())
                .containsExactly(
                        new Effect.EndAttempt(2, AttemptOutcome.CANCELLED, "cancelled"),
                        new Effect.ForgetCancellation());
        assertThat(stopped.next().state()).isEqualTo(TrialState.CANCELLED);
    }

    @Test
    void aTrialPausedAtARungIsPromotedToItsNextAttemptOrPruned() {
        TrialSnapshot running = new TrialSnapshot(TrialState.RUNNING, 1, 3, OptionalInt.of(1));

        Decision paused = TrialLifecycle.decide(running, new LifecycleEvent.Paused(1, "rung 1"));
        Decision promoted = TrialLifecycle.decide(paused.next(), new LifecycleEvent.Promoted());
        Decision pruned = TrialLifecycle.decide(paused.next(), new LifecycleEvent.Pruned("below the rung's top half"));

        assertThat(paused.next()).isEqualTo(TrialSnapshot.idle(TrialState.PAUSED, 1, 3));
        assertThat(paused.effects())
                .contains(new Effect.EndAttempt(1, AttemptOutcome.SUCCEEDED, "rung 1"), new Effect.ReleaseLease());
        assertThat(promoted.next()).isEqualTo(TrialSnapshot.idle(TrialState.QUEUED, 1, 3));
        assertThat(promoted.effects()).contains(new Effect.OfferAttempt(2));
        assertThat(pruned.next().state()).isEqualTo(TrialState.PRUNED);
        assertThat(pruned.has(Effect.WithdrawFromQueue.class)).isFalse();
        assertThat(pruned.has(Effect.CheckSweep.class)).isTrue();
    }

    @Test
    void workerReportsBecomeLifecycleEventsAndProgressIsNone() {
        TrialId trial = new TrialId(5);

        assertThat(LifecycleEvent.reported(new TrialStarted(trial, 2, "w")))
                .isEqualTo(new LifecycleEvent.StartClaimed(2, "w"));
        assertThat(LifecycleEvent.reported(new TrialFailed(trial, 2, "oom", true)))
                .isEqualTo(new LifecycleEvent.AttemptFailed(2, true, "oom"));
        assertThat(LifecycleEvent.reported(new TrialCompleted(trial, 2, LifecycleCases.RESULT)))
                .isEqualTo(new LifecycleEvent.ResultReported(2, LifecycleCases.RESULT));
        assertThat(LifecycleEvent.reported(new MetricsRecorded(trial, 2, LifecycleCases.METRICS)))
                .isEqualTo(new LifecycleEvent.MetricsReported(2, LifecycleCases.METRICS));
        assertThatThrownBy(() -> LifecycleEvent.reported(new TrialProgressed(trial, 2, "finetune", 1, 2, 3, 4)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReusedTrialCopiesTheResultOfItsSource() {
        Decision reused = TrialLifecycle.decide(
                TrialSnapshot.idle(TrialState.PENDING, 0, 3), new LifecycleEvent.Reused(new TrialId(41)));

        assertThat(reused.effects())
                .containsExactly(
                        new Effect.CopyResult(new TrialId(41), 0),
                        new Effect.ChangeState(TrialState.PENDING, TrialState.COMPLETED, "reused result of trial 41"),
                        new Effect.PublishStateChange(
                                TrialState.COMPLETED, 0, new Effect.Detail.ReusedFrom(new TrialId(41))),
                        new Effect.CheckSweep());
    }
}
