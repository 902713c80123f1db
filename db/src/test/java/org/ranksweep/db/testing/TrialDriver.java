package org.ranksweep.db.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.lifecycle.Decision;
import org.ranksweep.core.lifecycle.LifecycleEvent;
import org.ranksweep.core.lifecycle.TrialLifecycle;
import org.ranksweep.core.lifecycle.TrialSnapshot;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.TrialBatch;

/**
 * Drives stored trials through the lifecycle the way the orchestrator does: each event is decided by
 * {@link TrialLifecycle} on the trial as a {@link TrialBatch} holds it, and the decision is stored in that batch.
 * For database tests and the fixtures of other modules. Thread-safe: each call is its own transaction.
 */
public final class TrialDriver {

    /** The lease deadline of the attempts it starts, unless a test gives one. */
    public static final Instant LEASE = Instant.parse("2100-01-01T00:00:00Z");

    private final JdbcTrialRepository trials;

    public TrialDriver(Database database) {
        this.trials = new JdbcTrialRepository(database);
    }

    /** Decides {@code event} on the batch's view of the trial and stores the decision, with {@link #LEASE}. */
    public static Decision decide(TrialBatch batch, TrialId trialId, LifecycleEvent event) {
        return decide(batch, trialId, event, LEASE);
    }

    /** As {@link #decide(TrialBatch, TrialId, LifecycleEvent)}, starting attempts with {@code leaseDeadline}. */
    public static Decision decide(TrialBatch batch, TrialId trialId, LifecycleEvent event, Instant leaseDeadline) {
        TrialSnapshot trial = batch.snapshot(trialId)
                .orElseThrow(() -> new IllegalArgumentException("trial " + trialId + " does not exist"));
        Decision decision = TrialLifecycle.decide(trial, event);
        batch.store(trialId, decision, leaseDeadline);
        return decision;
    }

    /** Decides and stores the events of one trial in order, in one transaction; returns the decisions. */
    public List<Decision> apply(TrialId trialId, LifecycleEvent... events) {
        return applyWithLease(trialId, LEASE, events);
    }

    /** As {@link #apply}, starting attempts with {@code leaseDeadline}. */
    public List<Decision> applyWithLease(TrialId trialId, Instant leaseDeadline, LifecycleEvent... events) {
        return trials.inBatch(List.of(trialId), batch -> {
            List<Decision> decisions = new ArrayList<>();
            for (LifecycleEvent event : events) {
                decisions.add(decide(batch, trialId, event, leaseDeadline));
            }
            return decisions;
        });
    }

    /** Queues the trial if it is pending, then claims its next attempt for {@code workerId}; returns the attempt. */
    public int start(TrialId trialId, String workerId) {
        return trials.inBatch(List.of(trialId), batch -> start(batch, trialId, workerId));
    }

    /**
     * Runs the trial's next attempt to completion on {@code workerId} with {@code metrics} and {@code result}, as a
     * worker's reports would, in one transaction; returns the attempt.
     */
    public int complete(TrialId trialId, String workerId, List<TrialMetric> metrics, TrialResult result) {
        return completeAll(Map.of(trialId, new Completion(workerId, metrics, result)))
                .get(0);
    }

    /** A run of one trial to completion: who ran it, what it measured on the way and its result. */
    public record Completion(String workerId, List<TrialMetric> metrics, TrialResult result) {}

    /** Runs many trials to completion in one transaction, as {@link #complete}; returns their attempts in order. */
    public List<Integer> completeAll(Map<TrialId, Completion> completions) {
        return trials.inBatch(completions.keySet(), batch -> {
            List<Integer> attempts = new ArrayList<>();
            completions.forEach((trialId, completion) -> {
                int attempt = start(batch, trialId, completion.workerId());
                decide(batch, trialId, new LifecycleEvent.MetricsReported(attempt, completion.metrics()));
                decide(batch, trialId, new LifecycleEvent.ResultReported(attempt, completion.result()));
                attempts.add(attempt);
            });
            return attempts;
        });
    }

    private static int start(TrialBatch batch, TrialId trialId, String workerId) {
        if (batch.snapshot(trialId).orElseThrow().state() == TrialState.PENDING) {
            decide(batch, trialId, new LifecycleEvent.Enqueued());
        }
        int attempt = batch.snapshot(trialId).orElseThrow().attemptCount() + 1;
        Decision started = decide(batch, trialId, new LifecycleEvent.StartClaimed(attempt, workerId));
        if (started.ignoredBecause().isPresent()) {
            throw new IllegalStateException("trial " + trialId + " did not start: "
                    + started.ignoredBecause().get());
        }
        return attempt;
    }
}
