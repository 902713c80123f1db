package org.ranksweep.worker.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a worker's events to the cluster's event queue in order, on its own thread, everything waiting in one
 * call. While the queue cannot be
 * reached (the orchestrator, the only data member, is restarting) events wait here and are retried with back-off,
 * so a result finished during the outage still arrives. Thread-safe.
 */
final class EventOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventOutbox.class);
    private static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Events delivered per cluster call at most. */
    private static final int MAX_BATCH = 100;

    private final HazelcastInstance hazelcast;
    private final IQueue<String> events;
    private final LinkedBlockingDeque<String> pending = new LinkedBlockingDeque<>();
    private final Thread thread;
    private volatile boolean open = true;

    EventOutbox(HazelcastInstance hazelcast, String name) {
        this.hazelcast = hazelcast;
        this.events = hazelcast.getQueue(ClusterNames.EVENT_QUEUE);
        this.thread = new Thread(this::deliver, "ranksweep-outbox-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void publish(TrialEvent event) {
        pending.add(Json.write(event));
    }

    /** Events not delivered yet. */
    int pending() {
        return pending.size();
    }

    private void deliver() {
        long backoff = 50;
        while (open || !pending.isEmpty()) {
            String next;
            try {
                next = pending.pollFirst(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next == null) {
                continue;
            }
            List<String> batch = new ArrayList<>();
            batch.add(next);
            pending.drainTo(batch, MAX_BATCH - 1);
            try {
                // One cluster call for everything waiting (a short trial's start and end often are).
                events.addAll(batch);
                backoff = 50;
            } catch (RuntimeException e) {
                for (int index = batch.size() - 1; index >= 0; index--) {
                    pending.addFirst(batch.get(index));
                }
                if (!hazelcast.getLifecycleService().isRunning()) {
                    return;
                }
                LOG.warn(
                        "event queue unreachable ({} events waiting), retrying in {} ms: {}",
                        pending.size(),
                        backoff,
                        e.toString());
                if (!sleep(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Waits up to {@code timeout} for waiting events to be delivered, then stops delivering. */
    void close(Duration timeout) {
        open = false;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        if (!pending.isEmpty()) {
            LOG.warn("{} events could not be delivered before the worker stopped", pending.size());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
