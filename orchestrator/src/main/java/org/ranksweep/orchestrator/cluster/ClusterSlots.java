package org.ranksweep.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.WorkerHeartbeat;
import org.ranksweep.core.json.Json;

/**
 * How many trials the cluster's workers can run at once: the slots of every worker whose heartbeat is in the
 * cluster's worker map (a worker that died is removed from it by {@link WorkerRegistry} within a minute).
 * Thread-safe.
 */
public final class ClusterSlots {

    private final IMap<String, String> heartbeats;

    public ClusterSlots(HazelcastInstance hazelcast) {
        this.heartbeats = hazelcast.getMap(ClusterNames.WORKER_MAP);
    }

    /** The slots of the workers in the map now; 0 when there are none. */
    public int count() {
        int slots = 0;
        for (String heartbeat : heartbeats.values()) {
            slots += Json.read(heartbeat, WorkerHeartbeat.class).worker().slots();
        }
        return slots;
    }
}
