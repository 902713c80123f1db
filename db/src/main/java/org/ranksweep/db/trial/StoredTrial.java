package org.ranksweep.db.trial;

import java.time.Instant;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;

/**
 * A trial as stored. Immutable snapshot; timestamps have microsecond precision.
 *
 * @param storedConfig its configuration as stored, parsed when first asked for by {@link #config()}
 * @param attemptCount attempts started so far; the current attempt's number when RUNNING
 * @param maxAttempts  attempts allowed before the trial fails for good
 * @param reason       why it is in its state (failure message, "sweep cancelled", ...); null when none
 * @param startedAt    when its first attempt started (or its result was reused); null before
 * @param endedAt      when it reached a terminal state; null before
 */
public record StoredTrial(
        TrialId id,
        SweepId sweepId,
        int index,
        String label,
        String method,
        StoredConfig storedConfig,
        String contentHash,
        TrialState state,
        int attemptCount,
        int maxAttempts,
        String reason,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt) {

    /** The trial's configuration. */
    public TrialConfig config() {
        return storedConfig.get();
    }
}
