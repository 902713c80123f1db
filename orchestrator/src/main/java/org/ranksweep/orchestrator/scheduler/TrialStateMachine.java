package org.ranksweep.orchestrator.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialFailed;
import org.ranksweep.core.event.TrialProgressed;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.ResultOutcome;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.orchestrator.fanout.Fanout;
import org.ranksweep.orchestrator.fanout.FanoutEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trial lifecycle of ARCHITECTURE.md: PENDING → QUEUED → RUNNING(attempt, lease) → COMPLETED | FAILED |
 * PRUNED | CANCELLED, with re-queueing of lost and retryable attempts up to {@code max_attempts}. PostgreSQL is
 * the source of truth; every change is persisted before it is fanned out. Not thread-safe: only the
 * {@link Scheduler}'s thread calls it.
 */
public final class TrialStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(TrialStateMachine.class);

    private final JdbcSweepRepository sweeps;
    private final JdbcTrialRepository trials;
    private final HazelcastTrialQueue queue;
    private final HazelcastLeaseBoard leases;
    private final Fanout fanout;
    private final Clock clock;
    private final Duration leaseDuration;
    /** Until when missing leases are waited for after a start (see {@link #checkLeases}). */
    private long reattachUntilMillis;
    /** Queued trials found in no queue, without or with a live lease, at the last {@link #recoverQueued()}. */
    private Set<TrialId> unclaimedLastCheck = Set.of();
    private Set<TrialId> claimedLastCheck = Set.of();
    /** Trials that were QUEUED when {@link #reconcile()} ran: the only ones a lost start event can concern. */
    private final Set<TrialId> queuedAtStart = new HashSet<>();
    /** Sweep of each trial seen, so progress events need no database read. */
    private final Map<TrialId, SweepId> sweepOfTrial = new ConcurrentHashMap<>();

    public TrialStateMachine(Stores stores, HazelcastTrialQueue queue, HazelcastLeaseBoard leases, Fanout fanout,
                             Clock clock, Duration leaseDuration) {
        this.sweeps = stores.sweeps();
        this.trials = stores.trials();
        this.queue = queue;
        this.leases = leases;
        this.fanout = fanout;
        this.clock = clock;
        this.leaseDuration = leaseDuration;
    }

    /** The repositories the state machine writes to. */
    public record Stores(JdbcSweepRepository sweeps, JdbcTrialRepository trials) {
    }

    void publish(FanoutEvent event) {
        fanout.publish(event);
    }

    /** Completes trials identical to an earlier completed one (unless rerun), queues the rest. */
    void startTrials(SweepId sweepId, boolean rerun) {
        for (StoredTrial trial : trials.listBySweep(sweepId)) {
            sweepOfTrial.put(trial.id(), sweepId);
            Optional<StoredTrial> earlier = rerun ? Optional.empty()
                    : trials.findCompletedByHash(trial.contentHash()).filter(t -> !t.id().equals(trial.id()));
            if (earlier.isPresent()) {
                trials.completeFromReuse(trial.id(), earlier.get().id());
                LOG.info("trial reused trialId={} from trialId={}", trial.id(), earlier.get().id());
                stateChanged(trial, 0, TrialState.COMPLETED, Map.of("reusedFrom", earlier.get().id().value()));
            } else {
                enqueue(trial);
            }
        }
        finishSweepIfDone(sweepId);
    }

    void apply(TrialEvent event) {
        if (event instanceof TrialStarted started) {
            onStarted(started);
        } else if (event instanceof TrialProgressed progressed) {
            onProgressed(progressed);
        } else if (event instanceof MetricsRecorded metrics) {
            onMetrics(metrics);
        } else if (event instanceof TrialCompleted completed) {
            onCompleted(completed);
        } else if (event instanceof TrialFailed failed) {
            onFailed(failed);
        }
    }

    private void onStarted(TrialStarted event) {
        StoredTrial trial = current(event).orElse(null);
        if (trial == null) {
            return;
        }
        if (trial.state().isTerminal()) {
            leases.cancel(trial.id(), "trial is " + trial.state());
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
            int attempt = trials.startAttempt(trial.id(), event.workerId(), clock.instant().plus(leaseDuration));
            LOG.info("trial running trialId={} attempt={} workerId={}", trial.id(), attempt, event.workerId());
            stateChanged(trial, attempt, TrialState.RUNNING, Map.of("workerId", event.workerId()));
        } catch (ConflictException e) {
            LOG.warn("start refused trialId={}: {}", trial.id(), e.getMessage());
            leases.cancel(trial.id(), e.getMessage());
        }
    }

    private void onProgressed(TrialProgressed event) {
        SweepId sweepId = sweepOf(event.trialId());
        if (sweepId != null) {
            fanout.publish(new FanoutEvent("TrialProgressed", sweepId.value(), event.trialId().value(),
                    event.attempt(), null, event));
        }
    }

    private void onMetrics(MetricsRecorded event) {
        StoredTrial trial = current(event).orElse(null);
        if (trial == null || trial.state() != TrialState.RUNNING || trial.attemptCount() != event.attempt()) {
            LOG.debug("stale metrics dropped trialId={} attempt={}", event.trialId(), event.attempt());
            return;
        }
        trials.recordMetrics(trial.id(), event.attempt(), event.metrics());
        fanout.publish(new FanoutEvent("MetricsRecorded", trial.sweepId().value(), trial.id().value(),
                event.attempt(), null, event.metrics()));
    }

    private void onCompleted(TrialCompleted event) {
        StoredTrial trial = current(event).orElse(null);
        if (trial == null) {
            return;
        }
        ResultOutcome outcome = trials.recordResult(trial.id(), event.attempt(), event.result());
        if (outcome == ResultOutcome.STALE) {
            LOG.warn("stale result recorded trialId={} attempt={} (current attempt {}, state {})",
                    trial.id(), event.attempt(), trial.attemptCount(), trial.state());
            return;
        }
        leases.release(trial.id());
        LOG.info("trial completed trialId={} attempt={} top1={}", trial.id(), event.attempt(), event.result().top1());
        stateChanged(trial, event.attempt(), TrialState.COMPLETED, event.result());
        finishSweepIfDone(trial.sweepId());
    }

    private void onFailed(TrialFailed event) {
        StoredTrial trial = current(event).orElse(null);
        if (trial == null || trial.attemptCount() != event.attempt()) {
            LOG.info("failure of an old attempt ignored trialId={} attempt={}", event.trialId(), event.attempt());
            return;
        }
        if (trial.state().isTerminal()) {
            // Typically a cancelled trial whose worker stopped: close the attempt, keep the trial's state.
            trials.endAttempt(trial.id(), event.attempt(), AttemptOutcome.CANCELLED, event.reason());
            leases.forgetCancellation(trial.id());
            return;
        }
        trials.endAttempt(trial.id(), event.attempt(), AttemptOutcome.FAILED, event.reason());
        leases.release(trial.id());
        retryOrFail(trial, event.retryable(), event.reason());
    }

    /**
     * Running trials whose lease is gone or past its deadline lose their attempt and are re-queued. For one lease
     * duration after {@link #reconcile()} a missing lease is not yet a loss: the cluster's maps started empty and
     * workers that still run an attempt write their lease again on their next heartbeat (re-attach); a queued
     * trial whose next attempt shows up with a live lease was claimed before the restart and becomes RUNNING.
     */
    void checkLeases(Duration grace) {
        long now = clock.millis();
        boolean settling = now < reattachUntilMillis;
        for (StoredTrial trial : trials.listByState(TrialState.RUNNING)) {
            Optional<Lease> lease = leases.lease(trial.id()).filter(l -> l.attempt() == trial.attemptCount());
            if (lease.isEmpty() && !settling) {
                lose(trial, "lease vanished");
            } else if (lease.isPresent() && lease.get().expiredAt(now - grace.toMillis())) {
                lose(trial, "lease expired");
            }
        }
        if (settling) {
            reattachClaimed(now);
        }
    }

    /** Trials queued before this start whose next attempt shows a live lease: a worker took them meanwhile. */
    private void reattachClaimed(long now) {
        for (TrialId trialId : List.copyOf(queuedAtStart)) {
            Optional<Lease> lease = leases.lease(trialId);
            if (lease.isEmpty()) {
                continue;
            }
            StoredTrial trial = trials.find(trialId).orElse(null);
            if (trial == null || trial.state() != TrialState.QUEUED) {
                queuedAtStart.remove(trialId);
            } else if (lease.get().attempt() == trial.attemptCount() + 1 && !lease.get().expiredAt(now)) {
                reattach(trial, lease.get());
                queuedAtStart.remove(trialId);
            }
        }
    }

    /**
     * Queued trials that no trial queue holds (their item was taken by a worker that died before it reported,
     * or by a claim whose start event was lost): re-offered when no worker holds a live lease on their next attempt,
     * re-attached when one does. A trial must look so in two checks in a row, so an item a worker has only just
     * taken is not mistaken for a lost one.
     */
    void recoverQueued() {
        long now = clock.millis();
        Set<TrialId> inQueues = queue.trialIds();
        Set<TrialId> unclaimed = new HashSet<>();
        Set<TrialId> claimed = new HashSet<>();
        for (StoredTrial trial : trials.listByState(TrialState.QUEUED)) {
            if (inQueues.contains(trial.id())) {
                continue;
            }
            Optional<Lease> lease = liveNextLease(trial, now);
            if (lease.isPresent() && claimedLastCheck.contains(trial.id())) {
                reattach(trial, lease.get());
            } else if (lease.isPresent()) {
                claimed.add(trial.id());
            } else if (unclaimedLastCheck.contains(trial.id())) {
                LOG.warn("queued trial held by no queue and no worker, offered again trialId={}", trial.id());
                offer(trial);
            } else {
                unclaimed.add(trial.id());
            }
        }
        unclaimedLastCheck = unclaimed;
        claimedLastCheck = claimed;
    }

    private Optional<Lease> liveNextLease(StoredTrial trial, long now) {
        return leases.lease(trial.id()).filter(l -> l.attempt() == trial.attemptCount() + 1 && !l.expiredAt(now));
    }

    /** A worker runs the trial's next attempt though its start never arrived: record the attempt as RUNNING. */
    private void reattach(StoredTrial trial, Lease lease) {
        queue.remove(trial.id());
        try {
            int attempt = trials.startAttempt(trial.id(), lease.workerId(), clock.instant().plus(leaseDuration));
            LOG.info("running attempt re-attached trialId={} attempt={} workerId={}", trial.id(), attempt,
                    lease.workerId());
            stateChanged(trial, attempt, TrialState.RUNNING, Map.of("workerId", lease.workerId()));
        } catch (ConflictException e) {
            LOG.warn("re-attach refused trialId={}: {}", trial.id(), e.getMessage());
        }
    }

    /** The attempts held by a cluster member that left are lost at once, without waiting for lease expiry. */
    void memberLeft(String memberId) {
        for (StoredTrial trial : trials.listByState(TrialState.RUNNING)) {
            Optional<Lease> lease = leases.lease(trial.id());
            if (lease.isPresent() && memberId.equals(lease.get().memberId())
                    && lease.get().attempt() == trial.attemptCount()) {
                lose(trial, "worker " + lease.get().workerId() + " left the cluster");
            }
        }
    }

    private void lose(StoredTrial trial, String reason) {
        LOG.warn("attempt lost trialId={} attempt={}: {}", trial.id(), trial.attemptCount(), reason);
        trials.endAttempt(trial.id(), trial.attemptCount(), AttemptOutcome.LOST, reason);
        leases.release(trial.id());
        retryOrFail(trial, true, reason);
    }

    /**
     * After an orchestrator start: queue what is pending, re-offer queued trials the cluster no longer holds, and
     * give running attempts one lease duration to re-attach (see {@link #checkLeases}).
     */
    void reconcile() {
        reattachUntilMillis = clock.millis() + leaseDuration.toMillis();
        for (StoredTrial trial : trials.listByState(TrialState.PENDING)) {
            enqueue(trial);
        }
        for (StoredTrial trial : trials.listByState(TrialState.QUEUED)) {
            sweepOfTrial.put(trial.id(), trial.sweepId());
            queuedAtStart.add(trial.id());
            if (!queue.contains(trial.id())) {
                offer(trial);
            }
        }
        for (StoredTrial trial : trials.listByState(TrialState.RUNNING)) {
            sweepOfTrial.put(trial.id(), trial.sweepId());
        }
        for (StoredSweep sweep : sweeps.list(10_000, 0)) {
            if (sweep.state() == SweepState.RUNNING) {
                finishSweepIfDone(sweep.id());
            }
        }
        LOG.info("reconciled with the cluster: {} trials queued", queue.size());
    }

    void cancelSweep(SweepId sweepId) {
        List<StoredTrial> live = trials.listBySweep(sweepId).stream().filter(t -> !t.state().isTerminal()).toList();
        trials.cancelNonTerminal(sweepId);
        for (StoredTrial trial : live) {
            queue.remove(trial.id());
            if (trial.state() == TrialState.RUNNING) {
                leases.cancel(trial.id(), "sweep cancelled");
            }
            stateChanged(trial, trial.attemptCount(), TrialState.CANCELLED, null);
        }
        sweeps.markState(sweepId, SweepState.CANCELLED);
        LOG.info("sweep cancelled sweepId={} trialsCancelled={}", sweepId, live.size());
        fanout.publish(new FanoutEvent("SweepStateChanged", sweepId.value(), null, 0, "CANCELLED", null));
    }

    private void retryOrFail(StoredTrial trial, boolean retryable, String reason) {
        if (retryable && trial.attemptCount() < trial.maxAttempts()
                && trials.transition(trial.id(), TrialState.RUNNING, TrialState.QUEUED, reason)) {
            offer(trial);
            stateChanged(trial, trial.attemptCount() + 1, TrialState.QUEUED, Map.of("reason", reason));
            return;
        }
        String finalReason = retryable && trial.attemptCount() >= trial.maxAttempts()
                ? reason + " (attempt " + trial.attemptCount() + " of " + trial.maxAttempts() + ")" : reason;
        if (trials.transition(trial.id(), TrialState.RUNNING, TrialState.FAILED, finalReason)) {
            LOG.warn("trial failed trialId={}: {}", trial.id(), finalReason);
            stateChanged(trial, trial.attemptCount(), TrialState.FAILED, Map.of("reason", finalReason));
            finishSweepIfDone(trial.sweepId());
        }
    }

    private void enqueue(StoredTrial trial) {
        sweepOfTrial.put(trial.id(), trial.sweepId());
        if (trials.transition(trial.id(), TrialState.PENDING, TrialState.QUEUED, null)) {
            offer(trial);
            stateChanged(trial, trial.attemptCount() + 1, TrialState.QUEUED, null);
        }
    }

    private void offer(StoredTrial trial) {
        leases.forgetCancellation(trial.id());
        queue.offer(new AssignTrial(trial.id(), trial.sweepId(), trial.attemptCount() + 1, trial.config(),
                trial.contentHash()));
    }

    private void finishSweepIfDone(SweepId sweepId) {
        // A count query, not a read of every trial: this runs after every terminal event.
        boolean allTerminal = sweeps.progress(sweepId).allTerminal();
        StoredSweep sweep = sweeps.find(sweepId).orElse(null);
        if (allTerminal && sweep != null && sweep.state() == SweepState.RUNNING) {
            sweeps.markState(sweepId, SweepState.COMPLETED);
            LOG.info("sweep completed sweepId={}", sweepId);
            fanout.publish(new FanoutEvent("SweepStateChanged", sweepId.value(), null, 0, "COMPLETED", null));
        }
    }

    private void stateChanged(StoredTrial trial, int attempt, TrialState state, Object data) {
        fanout.publish(new FanoutEvent("TrialStateChanged", trial.sweepId().value(), trial.id().value(), attempt,
                state.name(), data));
    }

    private Optional<StoredTrial> current(TrialEvent event) {
        Optional<StoredTrial> trial = trials.find(event.trialId());
        if (trial.isEmpty()) {
            LOG.warn("event for unknown trialId={} dropped: {}", event.trialId(), event.getClass().getSimpleName());
        }
        return trial;
    }

    private SweepId sweepOf(TrialId trialId) {
        return sweepOfTrial.computeIfAbsent(trialId, id -> trials.find(id).map(StoredTrial::sweepId).orElse(null));
    }
}
