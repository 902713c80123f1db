package org.ranksweep.worker.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;

/**
 * Claims and renews the lease of one attempt without ever overwriting a newer claim: a lease of a later attempt,
 * or a live lease of the same attempt held by another worker (the orchestrator re-offered a trial after a restart),
 * means this attempt is superseded and must stop. A missing lease is written again, which is how a running attempt
 * re-attaches to a restarted orchestrator. Writes are compare-and-set, so two workers never both win.
 * Thread-safe.
 */
final class LeaseKeeper {

    private static final int TRIES = 3;

    private final HazelcastInstance hazelcast;
    private final IMap<Long, String> leases;
    private final AssignTrial assignment;
    private final String workerId;
    private final Duration lease;

    LeaseKeeper(HazelcastInstance hazelcast, AssignTrial assignment, String workerId, Duration lease) {
        this.hazelcast = hazelcast;
        this.leases = hazelcast.getMap(ClusterNames.LEASE_MAP);
        this.assignment = assignment;
        this.workerId = workerId;
        this.lease = lease;
    }

    /**
     * Writes this attempt's lease with a fresh deadline.
     *
     * @return false when another claim holds the trial (this attempt is superseded); true when the lease is ours,
     *         or when concurrent writers kept it busy (the next heartbeat tries again)
     */
    boolean renew() {
        long key = assignment.trialId().value();
        for (int tries = 0; tries < TRIES; tries++) {
            long now = System.currentTimeMillis();
            // The member id is read each time: a member that rejoined after a split gets a new one.
            String mine = Json.write(new Lease(
                    key,
                    assignment.attempt(),
                    workerId,
                    hazelcast.getCluster().getLocalMember().getUuid().toString(),
                    now + lease.toMillis()));
            // One round trip for a claim of a free trial, the usual case; two for a renewal.
            String current = leases.putIfAbsent(key, mine);
            if (current == null) {
                return true;
            }
            if (!mayReplace(Json.read(current, Lease.class), now)) {
                return false;
            }
            if (leases.replace(key, current, mine)) {
                return true;
            }
        }
        return true;
    }

    private boolean mayReplace(Lease held, long now) {
        if (held.attempt() != assignment.attempt()) {
            return held.attempt() < assignment.attempt();
        }
        return held.workerId().equals(workerId) || held.expiredAt(now);
    }
}
