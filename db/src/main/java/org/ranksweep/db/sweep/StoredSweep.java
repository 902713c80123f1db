package org.ranksweep.db.sweep;

import java.time.Instant;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;

/**
 * A sweep as stored. Immutable snapshot; timestamps have microsecond precision.
 *
 * @param startedAt when it started running (set on creation)
 * @param endedAt   when it reached a terminal state; null while RUNNING
 */
public record StoredSweep(
        SweepId id,
        String name,
        SweepState state,
        String specText,
        int trialCount,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt) {}
