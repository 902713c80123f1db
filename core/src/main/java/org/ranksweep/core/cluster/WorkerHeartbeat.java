package org.ranksweep.core.cluster;

/**
 * A worker process's periodic sign of life in the {@link ClusterNames#WORKER_MAP}: what it offers and how busy it
 * is. The orchestrator copies these into the {@code workers} table. Immutable; crosses the cluster as JSON.
 *
 * @param worker               the process's capabilities ({@code slots} = trials it runs at once)
 * @param memberId             its Hazelcast member UUID
 * @param startedAtEpochMillis when the process started
 * @param sentAtEpochMillis    when this heartbeat was sent
 * @param busySlots            slots running a trial now
 */
public record WorkerHeartbeat(
        WorkerInfo worker, String memberId, long startedAtEpochMillis, long sentAtEpochMillis, int busySlots) {}
