package org.ranksweep.worker.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialFailed;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.run.TrialFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker slot: takes trials from the cluster queue, holds a lease renewed by heartbeat while it runs them,
 * and reports events back on the event queue. {@link #stop()} makes it finish the current trial and take no
 * more. Thread-safe; {@link #run()} runs on the slot's own thread.
 */
public final class WorkerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);

    private final WorkerInfo worker;
    private final TrialExecutor executor;
    private final WorkerLoopSettings settings;
    private final IQueue<String> trials;
    private final IQueue<String> events;
    private final IMap<Long, String> leases;
    private final IMap<Long, String> cancellations;
    private final ScheduledExecutorService heartbeats;
    private final String memberId;
    private volatile boolean running = true;

    public WorkerLoop(HazelcastInstance hazelcast, WorkerInfo worker, TrialExecutor executor,
                      WorkerLoopSettings settings) {
        this.worker = worker;
        this.executor = executor;
        this.settings = settings;
        this.trials = hazelcast.getQueue(ClusterNames.trialQueue(worker.device()));
        this.memberId = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.events = hazelcast.getQueue(ClusterNames.EVENT_QUEUE);
        this.leases = hazelcast.getMap(ClusterNames.LEASE_MAP);
        this.cancellations = hazelcast.getMap(ClusterNames.CANCEL_MAP);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "ranksweep-heartbeat-" + worker.workerId());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void run() {
        LOG.info("worker ready workerId={} device={}", worker.workerId(), worker.device());
        while (running) {
            try {
                String item = trials.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                if (item != null) {
                    runOne(Json.read(item, AssignTrial.class));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (HazelcastInstanceNotActiveException e) {
                break;
            }
        }
        heartbeats.shutdownNow();
        LOG.info("worker stopped workerId={}", worker.workerId());
    }

    /** Stops taking trials; the trial in progress runs to its end. */
    public void stop() {
        running = false;
    }

    private void runOne(AssignTrial assignment) {
        long trialId = assignment.trialId().value();
        if (cancellations.containsKey(trialId)) {
            LOG.info("skipping cancelled trialId={}", trialId);
            return;
        }
        CancellationFlag cancel = new CancellationFlag();
        renew(assignment);
        publish(new TrialStarted(assignment.trialId(), assignment.attempt(), worker.workerId()));
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> beat(assignment, cancel),
                settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        try {
            TrialResult result = executor.execute(assignment.config(),
                    new EventForwarder(assignment, this::publish, settings.progressInterval()), cancel);
            publish(new TrialCompleted(assignment.trialId(), assignment.attempt(), result));
        } catch (TrialFailedException e) {
            LOG.warn("trial failed trialId={} attempt={}: {}", trialId, assignment.attempt(), e.getMessage());
            publish(new TrialFailed(assignment.trialId(), assignment.attempt(), e.getMessage(), false));
        } catch (OutOfMemoryError e) {
            LOG.error("trial ran out of memory trialId={}", trialId, e);
            publish(new TrialFailed(assignment.trialId(), assignment.attempt(),
                    "out of memory: " + e.getMessage(), true));
        } catch (RuntimeException e) {
            LOG.error("trial crashed trialId={}", trialId, e);
            publish(new TrialFailed(assignment.trialId(), assignment.attempt(), describe(e), true));
        } finally {
            heartbeat.cancel(false);
        }
    }

    private void beat(AssignTrial assignment, CancellationFlag cancel) {
        try {
            if (cancellations.containsKey(assignment.trialId().value())) {
                cancel.cancel();
            }
            renew(assignment);
        } catch (RuntimeException e) {
            LOG.warn("lease renewal failed trialId={}: {}", assignment.trialId(), e.toString());
        }
    }

    private void renew(AssignTrial assignment) {
        long deadline = System.currentTimeMillis() + settings.lease().toMillis();
        leases.set(assignment.trialId().value(), Json.write(
                new Lease(assignment.trialId().value(), assignment.attempt(), worker.workerId(), memberId, deadline)));
    }

    private void publish(TrialEvent event) {
        events.add(Json.write(event));
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
