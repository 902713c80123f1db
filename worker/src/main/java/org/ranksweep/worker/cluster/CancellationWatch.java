package org.ranksweep.worker.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ranksweep.core.cluster.ClusterNames;

/**
 * The cluster's cancelled trials mirrored in this process by an entry listener, so a worker can skip a cancelled
 * trial before it starts without a round trip per trial. Best effort: an event may arrive just after the check, so
 * a running attempt's heartbeat reads the cancellation map itself, and the orchestrator cancels an attempt that
 * starts on a trial already ended. Thread-safe.
 */
final class CancellationWatch implements AutoCloseable {

    private final IMap<Long, String> cancellations;
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    private final UUID registration;

    CancellationWatch(HazelcastInstance hazelcast) {
        this.cancellations = hazelcast.getMap(ClusterNames.CANCEL_MAP);
        this.registration = cancellations.addEntryListener(new Mirror(), false);
        cancelled.addAll(cancellations.keySet());
    }

    /** Whether the trial was cancelled, as far as this process has heard. */
    boolean isCancelled(long trialId) {
        return cancelled.contains(trialId);
    }

    /** Asks the cluster itself: one round trip. */
    boolean isCancelledNow(long trialId) {
        return cancellations.containsKey(trialId);
    }

    @Override
    public void close() {
        try {
            cancellations.removeEntryListener(registration);
        } catch (RuntimeException e) {
            // The member is shutting down: its listeners go with it.
        }
    }

    /** Keeps {@link #cancelled} equal to the map's key set. */
    private final class Mirror
            implements EntryAddedListener<Long, String>,
                    EntryUpdatedListener<Long, String>,
                    EntryRemovedListener<Long, String>,
                    EntryEvictedListener<Long, String>,
                    EntryExpiredListener<Long, String>,
                    MapClearedListener {

        @Override
        public void entryAdded(EntryEvent<Long, String> event) {
            cancelled.add(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<Long, String> event) {
            cancelled.add(event.getKey());
        }

        @Override
        public void entryRemoved(EntryEvent<Long, String> event) {
            cancelled.remove(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<Long, String> event) {
            cancelled.remove(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<Long, String> event) {
            cancelled.remove(event.getKey());
        }

        @Override
        public void mapCleared(MapEvent event) {
            cancelled.clear();
        }
    }
}
