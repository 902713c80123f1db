package org.ranksweep.orchestrator.scheduler;

import java.time.Duration;

/**
 * Timing of the scheduler.
 *
 * @param leaseCheckInterval how often running trials are checked for a live lease
 * @param leaseGrace         extra time past a lease deadline before the attempt is declared LOST
 */
public record SchedulerSettings(Duration leaseCheckInterval, Duration leaseGrace) {

    public static SchedulerSettings defaults() {
        return new SchedulerSettings(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
}
