package org.ranksweep.worker.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialFailed;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.json.Json;
import org.ranksweep.worker.run.TrialFailedException;
import org.ranksweep.worker.run.TrialOutcome;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.TrainingCancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker slot: takes trials from its device's cluster queue, holds a lease renewed by heartbeat while it runs
 * them, and reports events back through an {@link EventOutbox}: {@code TrialStarted}, the run's metrics and
 * progress, {@code RungReached} when the attempt reaches its rung, and {@code TrialCompleted} or {@code TrialFailed},
 * except after a rung below the last epoch, which ends the attempt with nothing more. It survives the cluster's
 * data member going away (an orchestrator restart): polling is retried, events wait in the outbox, and the lease is
 * written again when it has vanished. An attempt whose lease was taken over by a newer claim stops silently.
 * {@link #stop()} makes it finish the current trial and take no more; {@link #handBack()} stops the current trial and
 * reports it as retryable so another worker runs it. Thread-safe; {@link #run()} runs on the slot's own thread.
 */
public final class WorkerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);
    private static final long UNREACHABLE_PAUSE_MILLIS = 500;

    private final HazelcastInstance hazelcast;
    private final WorkerInfo worker;
    private final TrialExecutor executor;
    private final WorkerLoopSettings settings;
    private final IQueue<String> trials;
    private final CancellationWatch cancellations;
    private final EventOutbox outbox;
    private final ScheduledExecutorService heartbeats;
    private volatile boolean running = true;
    private volatile Attempt current;

    public WorkerLoop(
            HazelcastInstance hazelcast, WorkerInfo worker, TrialExecutor executor, WorkerLoopSettings settings) {
        this.hazelcast = hazelcast;
        this.worker = worker;
        this.executor = executor;
        this.settings = settings;
        this.trials = hazelcast.getQueue(ClusterNames.trialQueue(worker.device()));
        this.cancellations = new CancellationWatch(hazelcast);
        this.outbox = new EventOutbox(hazelcast, worker.workerId());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ranksweep-heartbeat-" + worker.workerId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The attempt this slot runs now and why it may have to stop. */
    private static final class Attempt {
        private final AssignTrial assignment;
        private final CancellationFlag cancel = new CancellationFlag();
        private final AtomicBoolean superseded = new AtomicBoolean();
        private final AtomicBoolean handedBack = new AtomicBoolean();

        private Attempt(AssignTrial assignment) {
            this.assignment = assignment;
        }
    }

    @Override
    public void run() {
        LOG.info("worker ready workerId={} device={}", worker.workerId(), worker.device());
        boolean warned = false;
        while (running) {
            try {
                String item = trials.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                warned = false;
                if (item != null && running) {
                    runOne(Json.read(item, AssignTrial.class));
                } else if (item != null) {
                    trials.add(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // Not-active also happens briefly while a member merges into another cluster: only a member that
                // shut down ends the loop.
                if (!hazelcast.getLifecycleService().isRunning()) {
                    break;
                }
                if (!warned) {
                    LOG.warn("trial queue unreachable, retrying workerId={}: {}", worker.workerId(), e.toString());
                    warned = true;
                }
                pause();
            }
        }
        heartbeats.shutdownNow();
        cancellations.close();
        outbox.close(settings.lease());
        LOG.info("worker stopped workerId={}", worker.workerId());
    }

    /** Stops taking trials; the trial in progress runs to its end. */
    public void stop() {
        running = false;
    }

    /** Stops taking trials and stops the trial in progress, reporting it as retryable so it runs elsewhere. */
    public void handBack() {
        running = false;
        Attempt now = current;
        if (now != null) {
            now.handedBack.set(true);
            now.cancel.cancel();
        }
    }

    /** True while an attempt runs on this slot. */
    public boolean busy() {
        return current != null;
    }

    private void runOne(AssignTrial assignment) {
        long trialId = assignment.trialId().value();
        if (cancellations.isCancelled(trialId)) {
            LOG.info("skipping cancelled trialId={}", trialId);
            return;
        }
        LeaseKeeper lease = new LeaseKeeper(hazelcast, assignment, worker.workerId(), settings.lease());
        if (!lease.renew()) {
            LOG.info("skipping trialId={} attempt={}: another worker holds it", trialId, assignment.attempt());
            return;
        }
        Attempt attempt = new Attempt(assignment);
        current = attempt;
        publish(new TrialStarted(assignment.trialId(), assignment.attempt(), worker.workerId()));
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(
                () -> beat(lease, attempt),
                settings.heartbeat().toMillis(),
                settings.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
        TrialEvent outcome;
        try {
            TrialOutcome ended = executor.execute(
                    assignment,
                    new EventForwarder(assignment, this::publish, settings.progressInterval()),
                    attempt.cancel);
            outcome = completed(assignment, ended);
        } catch (TrialFailedException e) {
            if (e.getCause() == null || e.getCause() instanceof RankSweepException) {
                LOG.warn("trial failed trialId={} attempt={}: {}", trialId, assignment.attempt(), e.getMessage());
            } else {
                LOG.warn("trial failed trialId={} attempt={}", trialId, assignment.attempt(), e);
            }
            outcome = new TrialFailed(assignment.trialId(), assignment.attempt(), Failures.describe(e), false);
        } catch (TrainingCancelledException e) {
            outcome = stopped(attempt, e);
        } catch (OutOfMemoryError e) {
            LOG.error("trial ran out of memory trialId={}", trialId, e);
            outcome = new TrialFailed(
                    assignment.trialId(), assignment.attempt(), "out of memory: " + Failures.describe(e), true);
        } catch (RuntimeException e) {
            LOG.error("trial crashed trialId={}", trialId, e);
            outcome = new TrialFailed(assignment.trialId(), assignment.attempt(), describe(e), true);
        } finally {
            // No renewal after the end: a lease written after the orchestrator released it would linger.
            heartbeat.cancel(false);
            current = null;
        }
        if (outcome != null) {
            publish(outcome);
        }
    }

    /**
     * The event for an attempt that ended without failing: its result, or none when it stopped at a rung (its
     * {@code RungReached} is already on its way, and nothing else ends such an attempt).
     */
    private static TrialEvent completed(AssignTrial assignment, TrialOutcome ended) {
        if (ended instanceof TrialOutcome.Completed completed) {
            return new TrialCompleted(assignment.trialId(), assignment.attempt(), completed.result());
        }
        LOG.info(
                "trial stopped at its rung trialId={} attempt={} epoch={}",
                assignment.trialId(),
                assignment.attempt(),
                ((TrialOutcome.StoppedAtRung) ended).epoch());
        return null;
    }

    /** The event for an attempt that stopped on its cancellation flag, or null when it was superseded. */
    private TrialEvent stopped(Attempt attempt, TrainingCancelledException e) {
        AssignTrial assignment = attempt.assignment;
        if (attempt.superseded.get()) {
            LOG.warn(
                    "attempt superseded, stopped without a report trialId={} attempt={}",
                    assignment.trialId(),
                    assignment.attempt());
            return null;
        }
        if (attempt.handedBack.get()) {
            LOG.info("trial handed back trialId={} attempt={}", assignment.trialId(), assignment.attempt());
            return new TrialFailed(
                    assignment.trialId(),
                    assignment.attempt(),
                    "handed back: worker " + worker.workerId() + " is shutting down",
                    true);
        }
        return new TrialFailed(assignment.trialId(), assignment.attempt(), describe(e), true);
    }

    private void beat(LeaseKeeper lease, Attempt attempt) {
        AssignTrial assignment = attempt.assignment;
        try {
            if (cancellations.isCancelledNow(assignment.trialId().value())) {
                attempt.cancel.cancel();
            }
            if (!lease.renew()) {
                LOG.warn(
                        "lease of trialId={} attempt={} taken over by a newer claim; stopping",
                        assignment.trialId(),
                        assignment.attempt());
                attempt.superseded.set(true);
                attempt.cancel.cancel();
            }
        } catch (RuntimeException e) {
            LOG.warn("lease renewal failed trialId={}: {}", assignment.trialId(), e.toString());
        }
    }

    private void publish(TrialEvent event) {
        outbox.publish(event);
    }

    private static void pause() {
        try {
            Thread.sleep(UNREACHABLE_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(RuntimeException e) {
        return Failures.typeAndMessage(e);
    }
}
