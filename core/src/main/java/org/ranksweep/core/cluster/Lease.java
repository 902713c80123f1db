package org.ranksweep.core.cluster;

/**
 * A worker's claim on one attempt of a trial, valid until {@code deadlineEpochMillis}; renewed by heartbeat.
 * Immutable; crosses the cluster as JSON.
 */
public record Lease(long trialId, int attempt, String workerId, long deadlineEpochMillis) {

    public boolean expiredAt(long nowEpochMillis) {
        return nowEpochMillis > deadlineEpochMillis;
    }
}
