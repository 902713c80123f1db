package org.ranksweep.orchestrator.scheduler;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialId;

/**
 * The Hazelcast queues of trials waiting for a worker, one per device class (a GPU trial never reaches a CPU-only
 * worker); items are {@link AssignTrial} JSON. Thread-safe.
 */
public final class HazelcastTrialQueue {

    private static final List<String> DEVICES = List.of("cpu", "gpu");

    private final HazelcastInstance hazelcast;

    public HazelcastTrialQueue(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    public void offer(AssignTrial assignment) {
        queue(assignment.config().resources().device()).add(Json.write(assignment));
    }

    /** Removes every queued assignment of the trial; true if one was there. */
    public boolean remove(TrialId trialId) {
        boolean removed = false;
        for (String device : DEVICES) {
            removed |= remove(queue(device), trialId);
        }
        return removed;
    }

    public boolean contains(TrialId trialId) {
        return DEVICES.stream().anyMatch(device -> queue(device).stream()
                .anyMatch(item -> Json.read(item, AssignTrial.class).trialId().equals(trialId)));
    }

    /** The trials that have an assignment waiting in any queue (one pass over each queue). */
    public Set<TrialId> trialIds() {
        Set<TrialId> ids = new HashSet<>();
        for (String device : DEVICES) {
            for (String item : queue(device)) {
                ids.add(Json.read(item, AssignTrial.class).trialId());
            }
        }
        return ids;
    }

    public int size() {
        return DEVICES.stream().mapToInt(device -> queue(device).size()).sum();
    }

    private IQueue<String> queue(String device) {
        return hazelcast.getQueue(ClusterNames.trialQueue(device));
    }

    private static boolean remove(IQueue<String> queue, TrialId trialId) {
        // IQueue supports neither removeIf nor Iterator.remove: find the items, then remove each by value.
        List<String> matching = queue.stream()
                .filter(item -> Json.read(item, AssignTrial.class).trialId().equals(trialId)).toList();
        boolean removed = false;
        for (String item : matching) {
            removed |= queue.remove(item);
        }
        return removed;
    }
}
