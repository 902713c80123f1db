package org.ranksweep.core.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialState;

/**
 * The lifecycle's invariants, computed from a decision's inputs and checked against its output; each broken one
 * is described, so a test over thousands of cases reports what broke where. Stateless.
 */
final class LifecycleInvariants {

    private LifecycleInvariants() {}

    /** What {@code decision} breaks for {@code event} on {@code trial}; empty when nothing. */
    static List<String> violations(TrialSnapshot trial, LifecycleEvent event, Decision decision) {
        List<String> broken = new ArrayList<>();
        replayEffects(trial, decision, broken);
        TrialSnapshot next = decision.next();
        if (trial.attemptCount() <= trial.maxAttempts() && next.attemptCount() > next.maxAttempts()) {
            broken.add("attempts exceed the maximum");
        }
        checkResults(trial, event, decision, broken);
        checkTerminal(trial, event, decision, broken);
        checkIgnored(trial, decision, broken);
        checkNotifications(trial, decision, broken);
        for (Effect.OfferAttempt offer : decision.effects(Effect.OfferAttempt.class)) {
            if (next.state() != TrialState.QUEUED
                    || offer.attempt() != next.attemptCount() + 1
                    || offer.attempt() > next.maxAttempts()) {
                broken.add("offers attempt " + offer.attempt() + " of a trial left " + next);
            }
        }
        return broken.stream()
                .map(problem -> problem + " [" + trial + ", " + event + " -> " + decision + "]")
                .toList();
    }

    /** Carries the persistence effects out on the input: one running attempt at a time, ending at the output. */
    private static void replayEffects(TrialSnapshot trial, Decision decision, List<String> broken) {
        TrialState state = trial.state();
        int attempts = trial.attemptCount();
        OptionalInt running = trial.runningAttempt();
        for (Effect effect : decision.effects()) {
            if (effect instanceof Effect.StartAttempt start) {
                if (running.isPresent() || start.attempt() != attempts + 1) {
                    broken.add("starts attempt " + start.attempt() + " with " + running + " running");
                }
                attempts = start.attempt();
                running = OptionalInt.of(start.attempt());
            } else if (effect instanceof Effect.EndAttempt end) {
                if (running.isEmpty() || running.getAsInt() != end.attempt()) {
                    broken.add("ends attempt " + end.attempt() + " which is not running");
                }
                running = OptionalInt.empty();
            } else if (effect instanceof Effect.ChangeState change) {
                if (change.from() != state || change.to() == state) {
                    broken.add("changes state " + change + " from " + state);
                }
                state = change.to();
            }
        }
        TrialSnapshot replayed = new TrialSnapshot(state, attempts, trial.maxAttempts(), running);
        if (!replayed.equals(decision.next())) {
            broken.add("effects lead to " + replayed);
        }
    }

    private static void checkResults(
            TrialSnapshot trial, LifecycleEvent event, Decision decision, List<String> broken) {
        int accepted = decision.effects(Effect.AcceptResult.class).size();
        int stale = decision.effects(Effect.KeepStaleResult.class).size();
        if (!(event instanceof LifecycleEvent.ResultReported result)) {
            if (accepted + stale > 0) {
                broken.add("stores a result without one");
            }
            return;
        }
        boolean current = !trial.state().isTerminal()
                && result.attempt() == trial.attemptCount()
                && trial.isRunning(result.attempt());
        if (accepted != (current ? 1 : 0) || stale != (current ? 0 : 1)) {
            broken.add("result handled as accepted=" + accepted + " stale=" + stale + ", current=" + current);
        }
        if (current && decision.next().state() != TrialState.COMPLETED) {
            broken.add("accepted result leaves the trial " + decision.next().state());
        }
    }

    private static void checkTerminal(
            TrialSnapshot trial, LifecycleEvent event, Decision decision, List<String> broken) {
        if (!trial.state().isTerminal()) {
            return;
        }
        boolean closesAttempt = event instanceof LifecycleEvent.AttemptFailed failed
                && failed.attempt() == trial.attemptCount()
                && trial.isRunning(failed.attempt());
        TrialSnapshot expected = closesAttempt ? trial.withoutRunning() : trial;
        if (!decision.next().equals(expected)) {
            broken.add("terminal trial changed");
        }
        for (Effect.Persistence effect : decision.effects(Effect.Persistence.class)) {
            boolean allowed = effect instanceof Effect.KeepStaleResult
                    || closesAttempt
                            && effect instanceof Effect.EndAttempt end
                            && end.outcome() == AttemptOutcome.CANCELLED;
            if (!allowed) {
                broken.add("terminal trial stores " + effect);
            }
        }
        if (decision.has(Effect.OfferAttempt.class) || decision.has(Effect.Notification.class)) {
            broken.add("terminal trial is offered or announced");
        }
    }

    private static void checkIgnored(TrialSnapshot trial, Decision decision, List<String> broken) {
        if (decision.ignoredBecause().isEmpty()) {
            return;
        }
        boolean changes = decision.effects(Effect.Persistence.class).stream()
                .anyMatch(effect -> !(effect instanceof Effect.KeepStaleResult));
        if (changes
                || !decision.next().equals(trial)
                || decision.has(Effect.Notification.class)
                || decision.has(Effect.OfferAttempt.class)) {
            broken.add("ignored event changes something");
        }
    }

    private static void checkNotifications(TrialSnapshot trial, Decision decision, List<String> broken) {
        TrialState next = decision.next().state();
        List<Effect.PublishStateChange> published = decision.effects(Effect.PublishStateChange.class);
        boolean changed = next != trial.state();
        if (changed != !published.isEmpty() || published.stream().anyMatch(p -> p.state() != next)) {
            broken.add("state change and announcements disagree: " + published);
        }
        if (changed && next.isTerminal() != decision.has(Effect.CheckSweep.class)) {
            broken.add("terminal state without a sweep check, or a check without one");
        }
        if (changed
                && trial.state() == TrialState.RUNNING
                && !decision.has(Effect.ReleaseLease.class)
                && !decision.has(Effect.CancelLease.class)) {
            broken.add("leaves RUNNING without releasing or cancelling its lease");
        }
    }
}
