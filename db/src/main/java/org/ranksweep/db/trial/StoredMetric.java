package org.ranksweep.db.trial;

import java.time.Instant;
import org.ranksweep.core.trial.TrialMetric;

/** One stored metric with the attempt that measured it. Immutable. */
public record StoredMetric(int attemptNumber, TrialMetric metric, Instant recordedAt) {}
