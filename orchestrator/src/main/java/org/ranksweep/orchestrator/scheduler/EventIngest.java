package org.ranksweep.orchestrator.scheduler;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the cluster's event queue on its own thread and hands the events, in arrival order and in batches, to the
 * {@link Scheduler}. It waits for each batch to be applied before taking the next, so while the scheduler works
 * the events pile up in the cluster queue and the next batch takes all of them: under load batches grow and the
 * cost of a transaction is shared by more events; when idle each event goes on its own at once. Thread-safe.
 */
public final class EventIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventIngest.class);
    /** Most events applied in one transaction. */
    static final int MAX_BATCH = 1_000;
    /** How long {@link #close()} waits for the batch in hand: one poll plus a batch applied. */
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final IQueue<String> events;
    private final Scheduler scheduler;
    private final Thread thread;
    private volatile boolean running = true;

    public EventIngest(HazelcastInstance hazelcast, Scheduler scheduler) {
        this.events = hazelcast.getQueue(ClusterNames.EVENT_QUEUE);
        this.scheduler = scheduler;
        this.thread = new Thread(this::drain, "ranksweep-event-ingest");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void drain() {
        List<String> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                String first = events.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                events.drainTo(batch, MAX_BATCH - 1);
                scheduler.acceptAll(parse(batch)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (HazelcastInstanceNotActiveException | RejectedExecutionException e) {
                return;
            } catch (ExecutionException | RuntimeException e) {
                LOG.error("event ingest failed on a batch of {} events", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    /** Parses each event; one that cannot be read is logged and skipped, the others go on. */
    private static List<TrialEvent> parse(List<String> batch) {
        List<TrialEvent> parsed = new ArrayList<>(batch.size());
        for (String json : batch) {
            try {
                parsed.add(Json.read(json, TrialEvent.class));
            } catch (RuntimeException e) {
                LOG.error("unreadable event dropped: {}", json, e);
            }
        }
        return parsed;
    }

    /**
     * Stops taking events and waits for the batch in hand to be applied, so no event leaves the cluster's queue
     * without being applied (the scheduler must still be open). Interrupts the thread only when that takes longer
     * than {@link #CLOSE_WAIT_MILLIS}.
     */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
