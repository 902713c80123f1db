package org.ranksweep.worker.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.WorkerHeartbeat;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a worker process's {@link WorkerHeartbeat} in the cluster's worker map every {@code interval} and
 * removes it on close; the orchestrator copies heartbeats into PostgreSQL and drops the entries of workers that
 * stopped beating without closing (killed). No time-to-live on the entries: Hazelcast's map queries skipped entries
 * with a short one. Thread-safe.
 */
public final class WorkerAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerAnnouncer.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> workers;
    private final WorkerInfo worker;
    private final IntSupplier busySlots;
    private final Duration interval;
    private final long startedAt = System.currentTimeMillis();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ranksweep-announcer");
        thread.setDaemon(true);
        return thread;
    });

    public WorkerAnnouncer(HazelcastInstance hazelcast, WorkerInfo worker, IntSupplier busySlots, Duration interval) {
        this.hazelcast = hazelcast;
        this.workers = hazelcast.getMap(ClusterNames.WORKER_MAP);
        this.worker = worker;
        this.busySlots = busySlots;
        this.interval = interval;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::announce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void announce() {
        try {
            WorkerHeartbeat heartbeat = new WorkerHeartbeat(
                    worker,
                    hazelcast.getCluster().getLocalMember().getUuid().toString(),
                    startedAt,
                    System.currentTimeMillis(),
                    busySlots.getAsInt());
            workers.set(worker.workerId(), Json.write(heartbeat));
        } catch (RuntimeException e) {
            LOG.debug("worker heartbeat not published workerId={}: {}", worker.workerId(), e.toString());
        }
    }

    /** Stops announcing and removes this worker from the map. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            workers.delete(worker.workerId());
        } catch (RuntimeException e) {
            LOG.debug("worker entry not removed workerId={}: {}", worker.workerId(), e.toString());
        }
    }
}
