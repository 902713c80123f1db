package org.ranksweep.worker.cluster;

import java.time.Duration;

/**
 * Timing of a worker loop.
 *
 * @param lease            how long a lease lasts without renewal
 * @param heartbeat        how often the lease is renewed and cancellation checked (well under {@code lease})
 * @param poll             how long one wait for a queued trial lasts before re-checking for shutdown
 * @param progressInterval minimum time between two progress events of one trial
 */
public record WorkerLoopSettings(Duration lease, Duration heartbeat, Duration poll, Duration progressInterval) {

    public static WorkerLoopSettings defaults() {
        return new WorkerLoopSettings(
                Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofMillis(250));
    }
}
