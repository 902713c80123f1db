package org.ranksweep.orchestrator.scheduler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.NewSweep;
import org.ranksweep.db.sweep.NewTrial;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.orchestrator.fanout.FanoutEvent;
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
    private final SchedulerSettings settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "ranksweep-scheduler");
        t.setDaemon(true);
        return t;
    });

    public Scheduler(JdbcSweepRepository sweeps, TrialStateMachine machine, SchedulerSettings settings) {
        this.sweeps = sweeps;
        this.machine = machine;
        this.settings = settings;
    }

    /** Reconciles stored state with the cluster, then starts checking leases. */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> reconciled = call(() -> {
            machine.reconcile();
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
        return call(() -> {
            List<PlannedTrial> plan = new TrialPlanner().plan(spec);
            List<NewTrial> trials = plan.stream()
                    .map(p -> new NewTrial(p.index(), p.config().label(), p.config().method(), p.config(),
                            p.contentHash()))
                    .toList();
            StoredSweep sweep = sweeps.create(new NewSweep(spec.name(), specText,
                    org.ranksweep.core.json.Json.write(spec), trials, spec.maxAttempts()));
            LOG.info("sweep submitted sweepId={} name={} trials={}", sweep.id(), sweep.name(), trials.size());
            machine.publish(new FanoutEvent("SweepSubmitted", sweep.id().value(), null, 0,
                    sweep.state().name(), null));
            machine.startTrials(sweep.id(), rerun);
            return sweeps.find(sweep.id()).orElse(sweep);
        });
    }

    /** Cancels every non-terminal trial of the sweep; running attempts are asked to stop. */
    public CompletableFuture<StoredSweep> cancel(SweepId sweepId) {
        return call(() -> {
            StoredSweep sweep = sweeps.find(sweepId)
                    .orElseThrow(() -> new org.ranksweep.core.error.NotFoundException("sweep " + sweepId + " does not exist"));
            if (!sweep.state().isTerminal()) {
                machine.cancelSweep(sweepId);
            }
            return sweeps.find(sweepId).orElseThrow();
        });
    }

    /**
     * Applies one worker event; never throws. While the database is unreachable the event is retried with
     * back-off, and every later event waits behind it, so nothing is lost and order is kept; an event that fails
     * for any other reason is logged and dropped.
     */
    public void accept(TrialEvent event) {
        thread.execute(() -> applyWithRetry(event));
    }

    private void applyWithRetry(TrialEvent event) {
        long backoffMillis = 200;
        while (!thread.isShutdown()) {
            try {
                machine.apply(event);
                return;
            } catch (RuntimeException e) {
                if (!TransientFailures.isTransient(e)) {
                    LOG.error("could not apply event {}", event, e);
                    return;
                }
                LOG.warn("database unavailable, retrying {} for trialId={} in {} ms: {}",
                        event.getClass().getSimpleName(), event.trialId(), backoffMillis, e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    /** A cluster member left: the attempts its workers held are lost now and re-queued. */
    public void memberLeft(String memberId) {
        thread.execute(() -> {
            try {
                machine.memberLeft(memberId);
            } catch (RuntimeException e) {
                LOG.error("could not handle member {} leaving", memberId, e);
            }
        });
    }

    /**
     * The newest unfinished sweep submitted with exactly this spec text, if any: {@code ranksweep local} resumes it
     * instead of starting the same sweep again after an interruption.
     */
    public CompletableFuture<java.util.Optional<StoredSweep>> findResumable(String specText) {
        return call(() -> sweeps.list(RESUMABLE_SCAN, 0).stream()
                .filter(sweep -> sweep.state() == SweepState.RUNNING && sweep.specText().equals(specText))
                .findFirst());
    }

    /** True once the sweep is in a terminal state. */
    public CompletableFuture<Boolean> isFinished(SweepId sweepId) {
        return call(() -> sweeps.find(sweepId).map(s -> s.state() != SweepState.RUNNING).orElse(true));
    }

    private void checkLeasesSafely() {
        try {
            machine.checkLeases(settings.leaseGrace());
        } catch (RuntimeException e) {
            LOG.error("lease check failed", e);
        }
    }

    private void recoverQueuedSafely() {
        try {
            machine.recoverQueued();
        } catch (RuntimeException e) {
            LOG.error("queued-trial check failed", e);
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
