package org.ranksweep.core.cluster;

/**
 * A worker's claim on one attempt of a trial, valid until {@code deadlineEpochMillis}; renewed by heartbeat.
 * {@code memberId} is the Hazelcast member UUID of the worker's process, so the attempt is known lost the moment
 * that member leaves the cluster. Immutable; crosses the cluster as JSON.
 */
public record Lease(long trialId, int attempt, String workerId, String memberId, long deadlineEpochMillis) {

    public boolean expiredAt(long nowEpochMillis) {
        return nowEpochMillis > deadlineEpochMillis;
    }
}
