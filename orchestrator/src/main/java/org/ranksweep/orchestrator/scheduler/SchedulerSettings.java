package org.ranksweep.orchestrator.scheduler;

import java.time.Duration;

/**
 * Timing of the scheduler.
 *
 * @param leaseCheckInterval how often running trials are checked for a live lease
 * @param leaseGrace         extra time past a lease deadline before the attempt is declared LOST
 * @param queueCheckInterval how often queued trials are checked for an assignment some queue or worker holds
 */
public record SchedulerSettings(Duration leaseCheckInterval, Duration leaseGrace, Duration queueCheckInterval) {

    public static SchedulerSettings defaults() {
        return new SchedulerSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(15));
    }
}
