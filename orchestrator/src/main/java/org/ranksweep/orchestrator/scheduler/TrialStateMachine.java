package org.ranksweep.orchestrator.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialFailed;
import org.ranksweep.core.event.TrialProgressed;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.ResultOutcome;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.db.trial.TrialBatch;
import org.ranksweep.orchestrator.fanout.Fanout;
import org.ranksweep.orchestrator.fanout.FanoutEvent;
import org.ranksweep.orchestrator.fanout.FanoutEvent.SweepStateChanged;
import org.ranksweep.orchestrator.fanout.FanoutEvent.TrialStateChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trial lifecycle of docs/architecture.md: PENDING → QUEUED → RUNNING(attempt, lease) → COMPLETED | FAILED |
 * PRUNED | CANCELLED, with re-queueing of lost and retryable attempts up to {@code max_attempts}. PostgreSQL is
 * the source of truth; every change is persisted before it is fanned out or acted on in the cluster. Worker events
 * are applied in batches: one transaction decides the changes of all of them in arrival order (each event sees the
 * changes of the ones before it) and only after the commit are leases released, trials re-queued and changes
 * fanned out ({@link Effects}). Lost attempts, restarts and lost queue items are found by {@link TrialRecovery},
 * which hands them back to the retry rules here. Not thread-safe: only the {@link Scheduler}'s thread calls it.
 */
public final class TrialStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(TrialStateMachine.class);
    /** Trials queued per transaction and cluster call when a sweep starts: workers start on the first chunk. */
    private static final int ENQUEUE_CHUNK = 1_000;

    private final JdbcSweepRepository sweeps;
    private final JdbcTrialRepository trials;
    private final HazelcastTrialQueue queue;
    private final HazelcastLeaseBoard leases;
    private final Fanout fanout;
    private final Clock clock;
    private final Duration leaseDuration;
    /** Sweep of each trial seen, so progress events need no database read. */
    private final Map<TrialId, SweepId> sweepOfTrial = new ConcurrentHashMap<>();

    public TrialStateMachine(Stores stores, Cluster cluster, Fanout fanout, Clock clock, Duration leaseDuration) {
        this.sweeps = stores.sweeps();
        this.trials = stores.trials();
        this.queue = cluster.queue();
        this.leases = cluster.leases();
        this.fanout = fanout;
        this.clock = clock;
        this.leaseDuration = leaseDuration;
    }

    /** The repositories the state machine writes to. */
    public record Stores(JdbcSweepRepository sweeps, JdbcTrialRepository trials) {
    }

    /** Where trials wait for a worker and where running attempts hold their leases. */
    public record Cluster(HazelcastTrialQueue queue, HazelcastLeaseBoard leases) {
    }

    void publish(FanoutEvent event) {
        fanout.publish(event);
    }

    /**
     * Completes trials identical to an earlier completed one (unless rerun), queues the rest. {@code plan} is what
     * the sweep's trials were just stored from, so only their ids are read back.
     */
    void startTrials(SweepId sweepId, List<PlannedTrial> plan, boolean rerun) {
        List<TrialId> ids = trials.idsBySweep(sweepId);
        if (ids.size() != plan.size()) {
            throw new IllegalStateException("sweep " + sweepId + " has " + ids.size() + " trials, its plan "
                    + plan.size());
        }
        Map<String, StoredTrial> earlier = rerun ? Map.of()
                : trials.findCompletedByHashes(plan.stream().map(PlannedTrial::contentHash).toList());
        List<AssignTrial> pending = new ArrayList<>();
        for (int index = 0; index < ids.size(); index++) {
            TrialId trialId = ids.get(index);
            PlannedTrial planned = plan.get(index);
            sweepOfTrial.put(trialId, sweepId);
            StoredTrial source = earlier.get(planned.contentHash());
            if (source != null && !source.id().equals(trialId)) {
                trials.completeFromReuse(trialId, source.id());
                LOG.info("trial reused trialId={} from trialId={}", trialId, source.id());
                fanout.publish(TrialStateChanged.reused(sweepId, trialId, source.id()));
            } else {
                pending.add(new AssignTrial(trialId, sweepId, 1, planned.config(), planned.contentHash()));
            }
        }
        enqueue(pending);
        finishSweepIfDone(sweepId);
    }

    /**
     * Applies worker events, in arrival order, in one transaction and returns what the cluster and dashboards must
     * be told once it has committed ({@link #run}). Throws (changing nothing) when the transaction fails.
     */
    Effects apply(List<TrialEvent> events) {
        Set<TrialId> touched = new LinkedHashSet<>();
        for (TrialEvent event : events) {
            if (!(event instanceof TrialProgressed)) {
                touched.add(event.trialId());
            }
        }
        Effects effects = new Effects();
        trials.inBatch(touched, batch -> {
            for (TrialEvent event : events) {
                apply(batch, effects, event);
            }
            return null;
        });
        return effects;
    }

    /** Carries out the effects of a committed batch. */
    void run(Effects effects) {
        leases.releaseAll(effects.releasedLeases());
        effects.actions().forEach(Runnable::run);
        effects.sweepsToCheck().forEach(this::finishSweepIfDone);
    }

    private void apply(TrialBatch batch, Effects effects, TrialEvent event) {
        if (event instanceof TrialStarted started) {
            onStarted(batch, effects, started);
        } else if (event instanceof TrialProgressed progressed) {
            onProgressed(effects, progressed);
        } else if (event instanceof MetricsRecorded metrics) {
            onMetrics(batch, effects, metrics);
        } else if (event instanceof TrialCompleted completed) {
            onCompleted(batch, effects, completed);
        } else if (event instanceof TrialFailed failed) {
            onFailed(batch, effects, failed);
        }
    }

    private void onStarted(TrialBatch batch, Effects effects, TrialStarted event) {
        StoredTrial trial = current(batch, event).orElse(null);
        if (trial == null) {
            return;
        }
        if (trial.state().isTerminal()) {
            effects.then(() -> leases.cancel(trial.id(), "trial is " + trial.state()));
            return;
        }
        if (trial.state() != TrialState.QUEUED || event.attempt() != trial.attemptCount() + 1) {
            // A duplicate claim (the trial was re-offered after a restart) or one already re-attached from its
            // lease: the attempt that holds the lease is the one that counts.
            LOG.info("start ignored trialId={} attempt={} workerId={} (trial {} at attempt {})", trial.id(),
                    event.attempt(), event.workerId(), trial.state(), trial.attemptCount());
            return;
        }
        try {
            int attempt = batch.startAttempt(trial.id(), event.workerId(), clock.instant().plus(leaseDuration));
            LOG.info("trial running trialId={} attempt={} workerId={}", trial.id(), attempt, event.workerId());
            effects.then(() -> fanout.publish(TrialStateChanged.running(trial.sweepId(), trial.id(), attempt,
                    event.workerId())));
        } catch (ConflictException e) {
            LOG.warn("start refused trialId={}: {}", trial.id(), e.getMessage());
            effects.then(() -> leases.cancel(trial.id(), e.getMessage()));
        }
    }

    private void onProgressed(Effects effects, TrialProgressed event) {
        SweepId sweepId = sweepOf(event.trialId());
        if (sweepId != null) {
            effects.then(() -> fanout.publish(new FanoutEvent.TrialProgressed(sweepId, event.trialId(),
                    event.attempt(), event.phase(), event.epoch(), event.epochs(), event.batch(), event.batches())));
        }
    }

    private void onMetrics(TrialBatch batch, Effects effects, MetricsRecorded event) {
        StoredTrial trial = current(batch, event).orElse(null);
        if (trial == null || trial.state() != TrialState.RUNNING || trial.attemptCount() != event.attempt()) {
            LOG.debug("stale metrics dropped trialId={} attempt={}", event.trialId(), event.attempt());
            return;
        }
        batch.recordMetrics(trial.id(), event.attempt(), event.metrics());
        effects.then(() -> fanout.publish(new FanoutEvent.MetricsRecorded(trial.sweepId(), trial.id(),
                event.attempt(), event.metrics())));
    }

    private void onCompleted(TrialBatch batch, Effects effects, TrialCompleted event) {
        StoredTrial trial = current(batch, event).orElse(null);
        if (trial == null) {
            return;
        }
        ResultOutcome outcome = batch.recordResult(trial.id(), event.attempt(), event.result());
        if (outcome == ResultOutcome.STALE) {
            LOG.warn("stale result recorded trialId={} attempt={} (current attempt {}, state {})",
                    trial.id(), event.attempt(), trial.attemptCount(), trial.state());
            return;
        }
        LOG.info("trial completed trialId={} attempt={} top1={}", trial.id(), event.attempt(), event.result().top1());
        effects.releaseLease(trial.id());
        effects.then(() -> fanout.publish(TrialStateChanged.completed(trial.sweepId(), trial.id(), event.attempt(),
                event.result())));
        effects.checkSweep(trial.sweepId());
    }

    private void onFailed(TrialBatch batch, Effects effects, TrialFailed event) {
        StoredTrial trial = current(batch, event).orElse(null);
        if (trial == null || trial.attemptCount() != event.attempt()) {
            LOG.info("failure of an old attempt ignored trialId={} attempt={}", event.trialId(), event.attempt());
            return;
        }
        if (trial.state().isTerminal()) {
            // Typically a cancelled trial whose worker stopped: close the attempt, keep the trial's state.
            batch.endAttempt(trial.id(), event.attempt(), AttemptOutcome.CANCELLED, event.reason());
            effects.then(() -> leases.forgetCancellation(trial.id()));
            return;
        }
        LOG.info("attempt failed trialId={} attempt={}: {}", trial.id(), event.attempt(), event.reason());
        batch.endAttempt(trial.id(), event.attempt(), AttemptOutcome.FAILED, event.reason());
        effects.releaseLease(trial.id());
        retryOrFail(batch, effects, trial, event.retryable(), event.reason());
    }

    /** A running attempt seen lost, and why. */
    record Loss(StoredTrial trial, String reason) {
    }

    /** Ends lost attempts as LOST, in one transaction, and re-queues or fails their trials. */
    void lose(List<Loss> losses) {
        if (losses.isEmpty()) {
            return;
        }
        Effects effects = new Effects();
        trials.inBatch(losses.stream().map(loss -> loss.trial().id()).toList(), batch -> {
            for (Loss loss : losses) {
                StoredTrial trial = batch.find(loss.trial().id()).orElse(null);
                // Read before the lock was taken: a trial that has moved on since is not lost.
                if (trial != null && trial.state() == TrialState.RUNNING
                        && trial.attemptCount() == loss.trial().attemptCount()) {
                    LOG.warn("attempt lost trialId={} attempt={}: {}", trial.id(), trial.attemptCount(), loss.reason());
                    batch.endAttempt(trial.id(), trial.attemptCount(), AttemptOutcome.LOST, loss.reason());
                    effects.releaseLease(trial.id());
                    retryOrFail(batch, effects, trial, true, loss.reason());
                }
            }
            return null;
        });
        run(effects);
    }

    /** Notes the trial's sweep, so its progress events need no database read. */
    void remember(StoredTrial trial) {
        sweepOfTrial.put(trial.id(), trial.sweepId());
    }

    /** Offers the trials' next attempts again, with any earlier cancellation of them forgotten. */
    void offerAll(List<StoredTrial> queued) {
        queued.forEach(trial -> leases.forgetCancellation(trial.id()));
        queue.offerAll(queued.stream().map(TrialStateMachine::assignment).toList());
    }

    /** Marks every RUNNING sweep whose trials are all terminal as COMPLETED. */
    void finishRunningSweeps() {
        for (StoredSweep sweep : sweeps.list(10_000, 0)) {
            if (sweep.state() == SweepState.RUNNING) {
                finishSweepIfDone(sweep.id());
            }
        }
    }

    void cancelSweep(SweepId sweepId) {
        List<StoredTrial> live = trials.listBySweep(sweepId).stream().filter(t -> !t.state().isTerminal()).toList();
        trials.cancelNonTerminal(sweepId);
        queue.removeAll(live.stream().map(StoredTrial::id).collect(java.util.stream.Collectors.toSet()));
        for (StoredTrial trial : live) {
            if (trial.state() == TrialState.RUNNING) {
                leases.cancel(trial.id(), "sweep cancelled");
            }
            fanout.publish(TrialStateChanged.of(trial.sweepId(), trial.id(), trial.attemptCount(),
                    TrialState.CANCELLED));
        }
        sweeps.markState(sweepId, SweepState.CANCELLED);
        LOG.info("sweep cancelled sweepId={} trialsCancelled={}", sweepId, live.size());
        fanout.publish(new SweepStateChanged(sweepId, SweepState.CANCELLED));
    }

    private void retryOrFail(TrialBatch batch, Effects effects, StoredTrial trial, boolean retryable, String reason) {
        if (retryable && trial.attemptCount() < trial.maxAttempts()
                && batch.transition(trial.id(), TrialState.RUNNING, TrialState.QUEUED, reason)) {
            LOG.info("trial re-queued trialId={} for attempt {}: {}", trial.id(), trial.attemptCount() + 1, reason);
            StoredTrial queued = batch.find(trial.id()).orElseThrow();
            effects.then(() -> {
                offer(queued);
                fanout.publish(TrialStateChanged.because(queued.sweepId(), queued.id(), queued.attemptCount() + 1,
                        TrialState.QUEUED, reason));
            });
            return;
        }
        String finalReason = retryable && trial.attemptCount() >= trial.maxAttempts()
                ? reason + " (attempt " + trial.attemptCount() + " of " + trial.maxAttempts() + ")" : reason;
        if (batch.transition(trial.id(), TrialState.RUNNING, TrialState.FAILED, finalReason)) {
            LOG.warn("trial failed trialId={}: {}", trial.id(), finalReason);
            effects.then(() -> fanout.publish(TrialStateChanged.because(trial.sweepId(), trial.id(),
                    trial.attemptCount(), TrialState.FAILED, finalReason)));
            effects.checkSweep(trial.sweepId());
        }
    }

    /**
     * Queues PENDING trials (their first attempt's assignments), a chunk per statement and per cluster call, so
     * workers start on the first chunk.
     */
    void enqueue(List<AssignTrial> pending) {
        for (int from = 0; from < pending.size(); from += ENQUEUE_CHUNK) {
            List<AssignTrial> chunk = pending.subList(from, Math.min(pending.size(), from + ENQUEUE_CHUNK));
            Set<TrialId> moved = new HashSet<>(trials.transitionAll(chunk.stream().map(AssignTrial::trialId).toList(),
                    TrialState.PENDING, TrialState.QUEUED));
            // Unlike a re-queued trial (see offer), a trial that never ran has no cancellation to forget.
            List<AssignTrial> queued = chunk.stream().filter(assignment -> moved.contains(assignment.trialId()))
                    .toList();
            queue.offerAll(queued);
            for (AssignTrial assignment : queued) {
                sweepOfTrial.put(assignment.trialId(), assignment.sweepId());
                fanout.publish(TrialStateChanged.of(assignment.sweepId(), assignment.trialId(),
                        assignment.attempt(), TrialState.QUEUED));
            }
        }
    }

    private void offer(StoredTrial trial) {
        leases.forgetCancellation(trial.id());
        queue.offer(assignment(trial));
    }

    static AssignTrial assignment(StoredTrial trial) {
        return new AssignTrial(trial.id(), trial.sweepId(), trial.attemptCount() + 1, trial.config(),
                trial.contentHash());
    }

    private void finishSweepIfDone(SweepId sweepId) {
        // An index probe, not a read of every trial: this runs after every batch with a terminal event.
        if (sweeps.hasUnfinishedTrials(sweepId)) {
            return;
        }
        StoredSweep sweep = sweeps.find(sweepId).orElse(null);
        if (sweep != null && sweep.state() == SweepState.RUNNING) {
            sweeps.markState(sweepId, SweepState.COMPLETED);
            LOG.info("sweep completed sweepId={}", sweepId);
            fanout.publish(new SweepStateChanged(sweepId, SweepState.COMPLETED));
        }
    }

    private Optional<StoredTrial> current(TrialBatch batch, TrialEvent event) {
        Optional<StoredTrial> trial = batch.find(event.trialId());
        if (trial.isEmpty()) {
            LOG.warn("event for unknown trialId={} dropped: {}", event.trialId(), event.getClass().getSimpleName());
        }
        return trial;
    }

    private SweepId sweepOf(TrialId trialId) {
        return sweepOfTrial.computeIfAbsent(trialId, id -> trials.find(id).map(StoredTrial::sweepId).orElse(null));
    }
}
