package org.ranksweep.orchestrator.report;

import java.time.Duration;
import java.time.Instant;

/**
 * Estimates when a running sweep finishes by extrapolating the average time per finished trial since it started.
 * Stateless, thread-safe.
 */
public final class SweepEta {

    private SweepEta() {}

    /**
     * Seconds left, or null when there is nothing to extrapolate from (no trial finished, nothing left, not
     * started).
     */
    public static Long secondsLeft(Instant startedAt, Instant now, int done, int total) {
        if (startedAt == null || done <= 0 || done >= total) {
            return null;
        }
        long elapsedMillis = Math.max(0, Duration.between(startedAt, now).toMillis());
        double millisPerTrial = (double) elapsedMillis / done;
        return Math.round(millisPerTrial * (total - done) / 1000.0);
    }
}
