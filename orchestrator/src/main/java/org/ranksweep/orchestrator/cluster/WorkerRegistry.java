package org.ranksweep.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.WorkerHeartbeat;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.json.Json;
import org.ranksweep.db.worker.JdbcWorkerRepository;
import org.ranksweep.db.worker.RegisteredWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the workers' heartbeats from the cluster's worker map into the {@code workers} table every
 * {@code interval}, on its own thread: a worker appears there with its capabilities on its first heartbeat and
 * its {@code last_heartbeat_at} moves while it lives. A database outage only delays the copy. Thread-safe.
 */
public final class WorkerRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistry.class);
    /** Copies without a new heartbeat after which a worker counts as gone (a minute at the default interval). */
    static final int STALE_COPIES = 30;

    private final IMap<String, String> heartbeats;
    private final JdbcWorkerRepository workers;
    private final Duration interval;
    /** Worker id and start time of every worker registered by this orchestrator; only the registry thread uses it. */
    private final Set<String> registered = new HashSet<>();

    private final Map<String, Unchanged> unchanged = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ranksweep-worker-registry");
        thread.setDaemon(true);
        return thread;
    });

    public WorkerRegistry(HazelcastInstance hazelcast, JdbcWorkerRepository workers, Duration interval) {
        this.heartbeats = hazelcast.getMap(ClusterNames.WORKER_MAP);
        this.workers = workers;
        this.interval = interval;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::copySafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Copies every current heartbeat into the table now: a new (or restarted) worker is registered once, later
     * heartbeats only move {@code last_heartbeat_at}. A heartbeat that has not changed for {@link #STALE_COPIES}
     * copies belongs to a worker that died without removing it, and is dropped from the map (the table keeps it).
     */
    public void copy() {
        for (Map.Entry<String, String> entry : heartbeats.entrySet()) {
            if (stale(entry.getKey(), entry.getValue())) {
                heartbeats.remove(entry.getKey(), entry.getValue());
                LOG.info(
                        "worker heard from no more, removed from the cluster's worker map workerId={}", entry.getKey());
                continue;
            }
            WorkerHeartbeat heartbeat = Json.read(entry.getValue(), WorkerHeartbeat.class);
            String registration = heartbeat.worker().workerId() + "@" + heartbeat.startedAtEpochMillis();
            if (registered.contains(registration)) {
                try {
                    workers.heartbeat(
                            heartbeat.worker().workerId(), Instant.ofEpochMilli(heartbeat.sentAtEpochMillis()));
                    continue;
                } catch (NotFoundException e) {
                    registered.remove(registration);
                }
            }
            register(heartbeat);
            registered.add(registration);
        }
    }

    private boolean stale(String workerId, String heartbeat) {
        Unchanged previous = unchanged.get(workerId);
        int copies = previous != null && previous.heartbeat().equals(heartbeat) ? previous.copies() + 1 : 0;
        unchanged.put(workerId, new Unchanged(heartbeat, copies));
        if (copies >= STALE_COPIES) {
            unchanged.remove(workerId);
            return true;
        }
        return false;
    }

    /** A worker's last heartbeat and in how many copies in a row it was the same. */
    private record Unchanged(String heartbeat, int copies) {}

    private void register(WorkerHeartbeat heartbeat) {
        workers.upsert(new RegisteredWorker(
                heartbeat.worker(),
                Map.of("memberId", heartbeat.memberId(), "busySlots", heartbeat.busySlots()),
                Instant.ofEpochMilli(heartbeat.startedAtEpochMillis()),
                Instant.ofEpochMilli(heartbeat.sentAtEpochMillis())));
    }

    private void copySafely() {
        try {
            copy();
        } catch (RuntimeException e) {
            LOG.warn("worker heartbeats not stored yet: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
