package org.ranksweep.db.trial;

import java.time.Instant;
import org.ranksweep.core.trial.TrialResult;

/** A result that arrived for an attempt that was no longer current; kept for diagnosis only. Immutable. */
public record StaleResult(int attemptNumber, TrialResult result, Instant receivedAt) {}
