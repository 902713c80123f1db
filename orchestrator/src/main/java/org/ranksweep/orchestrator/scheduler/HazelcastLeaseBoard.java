package org.ranksweep.orchestrator.scheduler;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialId;

/**
 * The orchestrator's view of the lease map (workers write and renew leases) and of the cancellation map
 * (the orchestrator asks a worker to stop an attempt). Thread-safe.
 */
public final class HazelcastLeaseBoard {

    private final IMap<Long, String> leases;
    private final IMap<Long, String> cancellations;

    public HazelcastLeaseBoard(HazelcastInstance hazelcast) {
        this.leases = hazelcast.getMap(ClusterNames.LEASE_MAP);
        this.cancellations = hazelcast.getMap(ClusterNames.CANCEL_MAP);
    }

    public Optional<Lease> lease(TrialId trialId) {
        String json = leases.get(trialId.value());
        return json == null ? Optional.empty() : Optional.of(Json.read(json, Lease.class));
    }

    public void release(TrialId trialId) {
        leases.delete(trialId.value());
    }

    /**
     * Releases many leases with the deletes in flight together rather than one round trip after another; returns
     * once all are done.
     */
    public void releaseAll(Collection<TrialId> trialIds) {
        CompletableFuture<?>[] deletes = trialIds.stream()
                .map(trialId -> leases.removeAsync(trialId.value()).toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(deletes).join();
    }

    /** Asks whichever worker runs the trial to stop; a worker that takes it from the queue later skips it. */
    public void cancel(TrialId trialId, String reason) {
        cancellations.set(trialId.value(), reason);
    }

    public void forgetCancellation(TrialId trialId) {
        cancellations.delete(trialId.value());
    }
}
