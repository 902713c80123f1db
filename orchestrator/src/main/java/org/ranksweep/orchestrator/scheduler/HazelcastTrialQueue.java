package org.ranksweep.orchestrator.scheduler;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialId;

/** The Hazelcast queue of trials waiting for a worker; items are {@link AssignTrial} JSON. Thread-safe. */
public final class HazelcastTrialQueue {

    private final IQueue<String> queue;

    public HazelcastTrialQueue(HazelcastInstance hazelcast) {
        this.queue = hazelcast.getQueue(ClusterNames.TRIAL_QUEUE);
    }

    public void offer(AssignTrial assignment) {
        queue.add(Json.write(assignment));
    }

    /** Removes every queued assignment of the trial; true if one was there. */
    public boolean remove(TrialId trialId) {
        // IQueue supports neither removeIf nor Iterator.remove: find the items, then remove each by value.
        java.util.List<String> matching = queue.stream()
                .filter(item -> Json.read(item, AssignTrial.class).trialId().equals(trialId)).toList();
        boolean removed = false;
        for (String item : matching) {
            removed |= queue.remove(item);
        }
        return removed;
    }

    public boolean contains(TrialId trialId) {
        return queue.stream().anyMatch(item -> Json.read(item, AssignTrial.class).trialId().equals(trialId));
    }

    public int size() {
        return queue.size();
    }
}
