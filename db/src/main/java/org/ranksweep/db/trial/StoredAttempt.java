package org.ranksweep.db.trial;

import java.time.Instant;
import org.ranksweep.core.trial.AttemptOutcome;

/**
 * One attempt at a trial as stored. Immutable.
 *
 * @param attemptNumber 1-based, in start order
 * @param leaseDeadline when the worker's lease runs out unless renewed
 * @param endedAt       null while RUNNING
 * @param reason        why it ended (failure message, "lease expired", ...); null when none
 */
public record StoredAttempt(
        int attemptNumber,
        String workerId,
        Instant leaseDeadline,
        Instant startedAt,
        Instant endedAt,
        AttemptOutcome outcome,
        String reason) {}
