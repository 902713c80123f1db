package org.ranksweep.orchestrator.scheduler;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the cluster's event queue on its own thread and hands each event, in arrival order, to the
 * {@link Scheduler}. Thread-safe.
 */
public final class EventIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventIngest.class);
    private static final int BATCH = 256;

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
        List<String> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                String first = events.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                events.drainTo(batch, BATCH - 1);
                for (String json : batch) {
                    scheduler.accept(Json.read(json, TrialEvent.class));
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (HazelcastInstanceNotActiveException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("event ingest failed on a batch of {} events", batch.size(), e);
                batch.clear();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
