package org.ranksweep.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialState;

/**
 * The lifecycle's invariants over every trial state × every kind of event, with attempts older than, equal to and
 * newer than the trial's, single, repeated and in pairs of either order.
 */
class TrialLifecycleTest {

    static Stream<TrialState> states() {
        return Arrays.stream(TrialState.values());
    }

    @ParameterizedTest
    @EnumSource(TrialState.class)
    void everyEventOnATrialInThisStateKeepsTheInvariants(TrialState state) {
        List<String> broken = new ArrayList<>();
        for (TrialSnapshot trial : snapshotsIn(state)) {
            for (LifecycleEvent event : LifecycleCases.events(trial)) {
                broken.addAll(LifecycleInvariants.violations(trial, event, TrialLifecycle.decide(trial, event)));
            }
        }
        assertThat(broken).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TrialState.class)
    void aRepeatedEventChangesNothingMore(TrialState state) {
        List<String> broken = new ArrayList<>();
        for (TrialSnapshot trial : snapshotsIn(state)) {
            for (LifecycleEvent event : LifecycleCases.events(trial)) {
                Decision first = TrialLifecycle.decide(trial, event);
                Decision again = TrialLifecycle.decide(first.next(), event);
                broken.addAll(LifecycleInvariants.violations(first.next(), event, again));
                boolean startsOrAccepts = again.has(Effect.StartAttempt.class)
                        || again.has(Effect.AcceptResult.class)
                        || again.has(Effect.OfferAttempt.class)
                        || again.has(Effect.ChangeState.class);
                if (!first.next().equals(trial) && startsOrAccepts) {
                    broken.add("repeated " + event + " acts again on " + first.next() + ": " + again);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TrialState.class)
    void everyPairOfEventsInEitherOrderKeepsTheInvariantsAndAcceptsAtMostOneResult(TrialState state) {
        List<String> broken = new ArrayList<>();
        for (TrialSnapshot trial : snapshotsIn(state)) {
            List<LifecycleEvent> events = LifecycleCases.events(trial);
            for (LifecycleEvent first : events) {
                Decision one = TrialLifecycle.decide(trial, first);
                for (LifecycleEvent second : events) {
                    Decision two = TrialLifecycle.decide(one.next(), second);
                    broken.addAll(LifecycleInvariants.violations(one.next(), second, two));
                    if (one.has(Effect.AcceptResult.class) && two.has(Effect.AcceptResult.class)) {
                        broken.add("two results accepted: " + trial + ", " + first + ", " + second);
                    }
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("runningAttempts")
    void retryableEndsRequeueUntilTheAttemptsAreUsedThenFailWithTheCount(TrialSnapshot trial, LifecycleEvent event) {
        Decision decision = TrialLifecycle.decide(trial, event);

        int attempt = trial.attemptCount();
        AttemptOutcome outcome =
                event instanceof LifecycleEvent.AttemptLost ? AttemptOutcome.LOST : AttemptOutcome.FAILED;
        String reason = event instanceof LifecycleEvent.AttemptLost lost
                ? lost.reason()
                : ((LifecycleEvent.AttemptFailed) event).reason();
        boolean retryable = !(event instanceof LifecycleEvent.AttemptFailed failed) || failed.retryable();
        assertThat(decision.effects(Effect.EndAttempt.class))
                .containsExactly(new Effect.EndAttempt(attempt, outcome, reason));
        assertThat(decision.has(Effect.ReleaseLease.class)).isTrue();
        if (retryable && attempt < trial.maxAttempts()) {
            assertThat(decision.next().state()).isEqualTo(TrialState.QUEUED);
            assertThat(decision.effects(Effect.OfferAttempt.class))
                    .containsExactly(new Effect.OfferAttempt(attempt + 1));
            assertThat(decision.effects(Effect.ChangeState.class))
                    .containsExactly(new Effect.ChangeState(TrialState.RUNNING, TrialState.QUEUED, reason));
        } else {
            String failure = retryable ? reason + " (attempt " + attempt + " of " + trial.maxAttempts() + ")" : reason;
            assertThat(decision.next().state()).isEqualTo(TrialState.FAILED);
            assertThat(decision.has(Effect.OfferAttempt.class)).isFalse();
            assertThat(decision.effects(Effect.ChangeState.class))
                    .containsExactly(new Effect.ChangeState(TrialState.RUNNING, TrialState.FAILED, failure));
        }
    }

    static Stream<Arguments> runningAttempts() {
        List<Arguments> cases = new ArrayList<>();
        for (TrialSnapshot trial : LifecycleCases.snapshots()) {
            if (trial.state() == TrialState.RUNNING
                    && trial.attemptCount() >= 1
                    && trial.isRunning(trial.attemptCount())) {
                int attempt = trial.attemptCount();
                cases.add(Arguments.of(trial, new LifecycleEvent.AttemptFailed(attempt, true, "worker shut down")));
                cases.add(Arguments.of(trial, new LifecycleEvent.AttemptFailed(attempt, false, "diverged")));
                cases.add(Arguments.of(trial, new LifecycleEvent.AttemptLost(attempt, "lease expired")));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("states")
    void eventsOfAnotherAttemptNeverStartEndOrCompleteTheCurrentOne(TrialState state) {
        List<String> broken = new ArrayList<>();
        for (TrialSnapshot trial : snapshotsIn(state)) {
            for (LifecycleEvent event : LifecycleCases.events(trial)) {
                int attempt = LifecycleCases.attemptOf(event);
                boolean otherAttempt = attempt >= 0
                        && attempt != trial.attemptCount()
                        && !(event instanceof LifecycleEvent.StartClaimed && attempt == trial.attemptCount() + 1);
                Decision decision = TrialLifecycle.decide(trial, event);
                if (otherAttempt && !decision.next().equals(trial)) {
                    broken.add(event + " of another attempt changed " + trial + " to " + decision.next());
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    private static List<TrialSnapshot> snapshotsIn(TrialState state) {
        return LifecycleCases.snapshots().stream()
                .filter(trial -> trial.state() == state)
                .toList();
    }
}
