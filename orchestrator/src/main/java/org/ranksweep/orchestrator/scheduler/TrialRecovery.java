package org.ranksweep.orchestrator.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the trial lifecycle survives failures (docs/architecture.md, "Trial lifecycle"): running attempts whose lease
 * expired or whose member left are reported lost to the {@link TrialStateMachine}, whose lifecycle decides their
 * retry; after an orchestrator start the stored state is reconciled with the cluster and running attempts may
 * re-attach; queued trials that no queue and no worker holds are offered again. Not thread-safe: only the
 * {@link Scheduler}'s thread calls it.
 */
public final class TrialRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(TrialRecovery.class);

    private final TrialStateMachine machine;
    private final JdbcTrialRepository trials;
    private final HazelcastTrialQueue queue;
    private final HazelcastLeaseBoard leases;
    private final Clock clock;
    private final Duration leaseDuration;
    /** Until when missing leases are waited for after a start (see {@link #checkLeases}). */
    private long reattachUntilMillis;
    /** Queued trials found in no queue, without or with a live lease, at the last {@link #recoverQueued()}. */
    private Set<TrialId> unclaimedLastCheck = Set.of();

    private Set<TrialId> claimedLastCheck = Set.of();
    /** Trials that were QUEUED when {@link #reconcile()} ran: the only ones a lost start event can concern. */
    private final Set<TrialId> queuedAtStart = new HashSet<>();
    /** The lease deadline last written to each running attempt's row, by trial. */
    private final Map<TrialId, Long> storedDeadlines = new HashMap<>();

    public TrialRecovery(
            TrialStateMachine machine,
            JdbcTrialRepository trials,
            TrialStateMachine.Cluster cluster,
            Clock clock,
            Duration leaseDuration) {
        this.machine = machine;
        this.trials = trials;
        this.queue = cluster.queue();
        this.leases = cluster.leases();
        this.clock = clock;
        this.leaseDuration = leaseDuration;
    }

    /**
     * After an orchestrator start: rebuild successive-halving sweeps from their histories, queue what is pending
     * (outside those sweeps, whose scheduler starts their trials), re-offer queued trials the cluster no longer holds, and
     * give running attempts one lease duration to re-attach (see {@link #checkLeases}).
     */
    void reconcile() {
        machine.restoreHalving();
        machine.enqueue(trials.listByState(TrialState.PENDING).stream()
                .filter(trial -> !machine.isHalving(trial.sweepId()))
                .map(StoredTrial::id)
                .toList());
        reattachUntilMillis = clock.millis() + leaseDuration.toMillis();
        List<StoredTrial> queued = trials.listByState(TrialState.QUEUED);
        Set<TrialId> inQueue = queued.isEmpty() ? Set.of() : queue.trialIds();
        List<StoredTrial> missing = new ArrayList<>();
        for (StoredTrial trial : queued) {
            machine.remember(trial);
            queuedAtStart.add(trial.id());
            if (!inQueue.contains(trial.id())) {
                missing.add(trial);
            }
        }
        machine.offerAll(missing);
        trials.listByState(TrialState.RUNNING).forEach(machine::remember);
        machine.finishRunningSweeps();
        LOG.info("reconciled with the cluster: {} trials queued", queue.size());
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
        List<TrialStateMachine.Loss> losses = new ArrayList<>();
        List<StoredTrial> running = trials.listByState(TrialState.RUNNING);
        for (StoredTrial trial : running) {
            Optional<Lease> lease = leases.lease(trial.id()).filter(l -> l.attempt() == trial.attemptCount());
            if (lease.isEmpty() && !settling) {
                losses.add(new TrialStateMachine.Loss(trial, "lease vanished"));
            } else if (lease.isPresent() && lease.get().expiredAt(now - grace.toMillis())) {
                losses.add(new TrialStateMachine.Loss(trial, "lease expired"));
            } else if (lease.isPresent()) {
                storeRenewal(trial, lease.get());
            }
        }
        storedDeadlines.keySet().retainAll(running.stream().map(StoredTrial::id).toList());
        machine.lose(losses);
        if (settling) {
            reattachClaimed(now);
        }
    }

    /**
     * Writes a live lease's deadline to its attempt's row when first seen and then whenever it has moved on by half
     * a lease, so PostgreSQL shows when each running attempt's lease runs out without a write per heartbeat.
     */
    private void storeRenewal(StoredTrial trial, Lease lease) {
        Long stored = storedDeadlines.get(trial.id());
        if (stored == null || lease.deadlineEpochMillis() - stored >= leaseDuration.toMillis() / 2) {
            trials.renewLease(trial.id(), trial.attemptCount(), Instant.ofEpochMilli(lease.deadlineEpochMillis()));
            storedDeadlines.put(trial.id(), lease.deadlineEpochMillis());
        }
    }

    /** The attempts held by a cluster member that left are lost at once, without waiting for lease expiry. */
    void memberLeft(String memberId) {
        List<TrialStateMachine.Loss> losses = new ArrayList<>();
        for (StoredTrial trial : trials.listByState(TrialState.RUNNING)) {
            Optional<Lease> lease = leases.lease(trial.id());
            if (lease.isPresent()
                    && memberId.equals(lease.get().memberId())
                    && lease.get().attempt() == trial.attemptCount()) {
                String reason = "worker " + lease.get().workerId() + " left the cluster";
                losses.add(new TrialStateMachine.Loss(trial, reason));
            }
        }
        machine.lose(losses);
    }

    /**
     * Queued trials that no trial queue holds (their item was taken by a worker that died before it reported,
     * or by a claim whose start event was lost): re-offered when no worker holds a live lease on their next attempt,
     * re-attached when one does. A trial must look so in two checks in a row, so an item a worker has only just
     * taken is not mistaken for a lost one. Reads only ids and attempt counts: a sweep may have thousands queued.
     */
    void recoverQueued() {
        Map<TrialId, Integer> queued = trials.attemptCounts(TrialState.QUEUED);
        Set<TrialId> inQueues = queued.isEmpty() ? Set.of() : queue.trialIds();
        long now = clock.millis();
        Set<TrialId> unclaimed = new HashSet<>();
        Set<TrialId> claimed = new HashSet<>();
        queued.forEach((trialId, attempts) -> {
            if (inQueues.contains(trialId)) {
                return;
            }
            Optional<Lease> lease = leases.lease(trialId).filter(l -> l.attempt() == attempts + 1 && !l.expiredAt(now));
            if (lease.isPresent() && claimedLastCheck.contains(trialId)) {
                stillQueued(trialId).ifPresent(trial -> reattach(trial, lease.get()));
            } else if (lease.isPresent()) {
                claimed.add(trialId);
            } else if (unclaimedLastCheck.contains(trialId)) {
                LOG.warn("queued trial held by no queue and no worker, offered again trialId={}", trialId);
                stillQueued(trialId).ifPresent(trial -> machine.offerAll(List.of(trial)));
            } else {
                unclaimed.add(trialId);
            }
        });
        unclaimedLastCheck = unclaimed;
        claimedLastCheck = claimed;
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
            } else if (lease.get().attempt() == trial.attemptCount() + 1
                    && !lease.get().expiredAt(now)) {
                reattach(trial, lease.get());
                queuedAtStart.remove(trialId);
            }
        }
    }

    private Optional<StoredTrial> stillQueued(TrialId trialId) {
        return trials.find(trialId).filter(trial -> trial.state() == TrialState.QUEUED);
    }

    /** A worker runs the trial's next attempt though its start never arrived: its claim is decided as if it had. */
    private void reattach(StoredTrial trial, Lease lease) {
        if (machine.reattach(trial.id(), lease.attempt(), lease.workerId())) {
            LOG.info(
                    "running attempt re-attached trialId={} attempt={} workerId={}",
                    trial.id(),
                    lease.attempt(),
                    lease.workerId());
        } else {
            LOG.warn("re-attach refused trialId={} attempt={}", trial.id(), lease.attempt());
        }
    }
}
