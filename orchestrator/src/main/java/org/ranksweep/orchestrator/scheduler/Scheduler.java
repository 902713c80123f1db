package org.ranksweep.orchestrator.scheduler;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.ranksweep.core.error.LimitExceededException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.db.SqlErrors;
import org.ranksweep.db.sweep.CreatedSweep;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.NewSweep;
import org.ranksweep.db.sweep.NewTrial;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.orchestrator.fanout.FanoutEvent.SweepSubmitted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every change to sweep and trial state. All work runs on one scheduler thread, so the state machine needs
 * no locks and events of one trial are applied in the order they arrived; callers get {@link CompletableFuture}s.
 * Thread-safe.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final int RESUMABLE_SCAN = 1_000;

    private final JdbcSweepRepository sweeps;
    private final TrialStateMachine machine;
    private final TrialRecovery recovery;
    private final SchedulerSettings settings;
    /** Database operations tried again after a transient failure (server down, connection refused or timed out). */
    private final LongAdder databaseRetries = new LongAdder();

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "ranksweep-scheduler");
        t.setDaemon(true);
        return t;
    });

    public Scheduler(
            JdbcSweepRepository sweeps, TrialStateMachine machine, TrialRecovery recovery, SchedulerSettings settings) {
        this.sweeps = sweeps;
        this.machine = machine;
        this.recovery = recovery;
        this.settings = settings;
    }

    /** Reconciles stored state with the cluster, then starts checking leases. */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> reconciled = call(() -> {
            recovery.reconcile();
            return null;
        });
        long interval = settings.leaseCheckInterval().toMillis();
        thread.scheduleWithFixedDelay(this::checkLeasesSafely, interval, interval, TimeUnit.MILLISECONDS);
        long queueInterval = settings.queueCheckInterval().toMillis();
        thread.scheduleWithFixedDelay(this::recoverQueuedSafely, queueInterval, queueInterval, TimeUnit.MILLISECONDS);
        return reconciled;
    }

    /**
     * Stores the sweep and its trials, completes trials identical to an earlier completed one (unless
     * {@code rerun}), and queues the rest.
     */
    public CompletableFuture<StoredSweep> submit(SweepSpec spec, String specText, boolean rerun) {
        return submit(spec, specText, rerun, Integer.MAX_VALUE);
    }

    /**
     * As {@link #submit(SweepSpec, String, boolean)}, refused when {@code maxUnfinished} sweeps are already
     * unfinished. Counted from the database on the scheduler's thread, so two submissions cannot both take the last
     * slot and a restarted orchestrator counts the sweeps it resumed.
     *
     * @throws LimitExceededException (in the future) naming the limit
     */
    public CompletableFuture<StoredSweep> submit(SweepSpec spec, String specText, boolean rerun, int maxUnfinished) {
        return call(() -> {
            int unfinished = sweeps.countUnfinished();
            if (unfinished >= maxUnfinished) {
                throw new LimitExceededException(unfinished + " sweeps are unfinished, the limit in flight is "
                        + maxUnfinished + " (the orchestrator's --max-sweeps-in-flight); submit again when one"
                        + " finishes or is cancelled");
            }
            List<PlannedTrial> plan = new TrialPlanner().plan(spec);
            List<NewTrial> trials = plan.stream()
                    .map(p -> new NewTrial(
                            p.index(), p.config().label(), p.config().method(), p.config(), p.contentHash()))
                    .toList();
            CreatedSweep created =
                    sweeps.create(new NewSweep(spec.name(), specText, Json.write(spec), trials, maxAttempts(spec)));
            StoredSweep sweep = created.sweep();
            LOG.info("sweep submitted sweepId={} name={} trials={}", sweep.id(), sweep.name(), trials.size());
            machine.publish(new SweepSubmitted(sweep.id(), sweep.state()));
            if (spec.scheduler() == null) {
                machine.startTrials(sweep.id(), created.trialIds(), plan, rerun);
            } else {
                machine.startHalving(sweep.id(), spec, created.trialIds());
            }
            return sweeps.find(sweep.id()).orElse(sweep);
        });
    }

    /**
     * Attempts per trial: the spec's, plus one per promotion under successive halving (each rung is an attempt that
     * resumes from the last one's checkpoint).
     */
    static int maxAttempts(SweepSpec spec) {
        return spec.scheduler() == null
                ? spec.maxAttempts()
                : spec.maxAttempts() + spec.scheduler().ladder().resources().size() - 1;
    }

    /** Cancels every non-terminal trial of the sweep; running attempts are asked to stop. */
    public CompletableFuture<StoredSweep> cancel(SweepId sweepId) {
        return call(() -> {
            StoredSweep sweep = sweeps.find(sweepId)
                    .orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
            if (!sweep.state().isTerminal()) {
                machine.cancelSweep(sweepId);
            }
            return sweeps.find(sweepId).orElseThrow();
        });
    }

    /** Applies one worker event, as {@link #acceptAll} with a batch of one. */
    public void accept(TrialEvent event) {
        acceptAll(List.of(event));
    }

    /**
     * Applies worker events in arrival order, in one transaction; the future completes once they are applied (or
     * given up) and never fails. While the database is unreachable the batch is retried with back-off and every
     * later task waits behind it, so nothing is lost and order is kept. A batch that fails for any other reason is
     * applied again event by event, so one bad event is logged and dropped without taking the others with it.
     */
    public CompletableFuture<Void> acceptAll(List<TrialEvent> events) {
        return CompletableFuture.runAsync(() -> applyWithRetry(events), thread);
    }

    private void applyWithRetry(List<TrialEvent> events) {
        long startNanos = System.nanoTime();
        Effects effects = commitWithRetry(events);
        if (effects == null) {
            return;
        }
        try {
            machine.run(effects);
        } catch (RuntimeException e) {
            // The changes are committed: applying the events again would record their results as stale.
            LOG.error("cluster or fan-out update after {} applied events failed", events.size(), e);
        }
        LOG.debug("applied {} events in {} ms", events.size(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The batch's effects once committed; null when it was dropped or split into single events. */
    private Effects commitWithRetry(List<TrialEvent> events) {
        long backoffMillis = 200;
        while (!thread.isShutdown()) {
            try {
                return machine.apply(events);
            } catch (RuntimeException e) {
                if (!SqlErrors.isTransient(e)) {
                    dropOrSplit(events, e);
                    return null;
                }
                databaseRetries.increment();
                LOG.warn(
                        "database unavailable, retrying {} events (first {} for trialId={}) in {} ms: {}",
                        events.size(),
                        events.get(0).getClass().getSimpleName(),
                        events.get(0).trialId(),
                        backoffMillis,
                        e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
        return null;
    }

    private void dropOrSplit(List<TrialEvent> events, RuntimeException failure) {
        if (events.size() == 1) {
            LOG.error("could not apply event {}", events.get(0), failure);
            return;
        }
        LOG.warn("a batch of {} events failed ({}); applying them one by one", events.size(), failure.toString());
        for (TrialEvent event : events) {
            applyWithRetry(List.of(event));
        }
    }

    /**
     * How many times a batch of worker events was tried again because the database failed transiently (see
     * {@link SqlErrors#isTransient}) since this scheduler started; exposed as
     * {@code ranksweep_database_retries_total} on {@code GET /metrics}.
     */
    public long databaseRetries() {
        return databaseRetries.sum();
    }

    /** A cluster member left: the attempts its workers held are lost now and re-queued. */
    public void memberLeft(String memberId) {
        thread.execute(() -> {
            try {
                recovery.memberLeft(memberId);
            } catch (RuntimeException e) {
                LOG.error("could not handle member {} leaving", memberId, e);
            }
        });
    }

    /**
     * The newest unfinished sweep submitted with exactly this spec text, if any: {@code ranksweep local} resumes it
     * instead of starting the same sweep again after an interruption.
     */
    public CompletableFuture<Optional<StoredSweep>> findResumable(String specText) {
        return call(() -> sweeps.list(RESUMABLE_SCAN, 0).stream()
                .filter(sweep ->
                        sweep.state() == SweepState.RUNNING && sweep.specText().equals(specText))
                .findFirst());
    }

    /** True once the sweep is in a terminal state. */
    public CompletableFuture<Boolean> isFinished(SweepId sweepId) {
        return call(() ->
                sweeps.find(sweepId).map(s -> s.state() != SweepState.RUNNING).orElse(true));
    }

    private void checkLeasesSafely() {
        try {
            recovery.checkLeases(settings.leaseGrace());
        } catch (RuntimeException e) {
            LOG.error("lease check failed", e);
        }
    }

    private void recoverQueuedSafely() {
        try {
            recovery.recoverQueued();
        } catch (RuntimeException e) {
            LOG.error("queued-trial check failed", e);
        }
        try {
            machine.fillHalving();
        } catch (RuntimeException e) {
            LOG.error("successive-halving check failed", e);
        }
    }

    private <T> CompletableFuture<T> call(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, thread);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
