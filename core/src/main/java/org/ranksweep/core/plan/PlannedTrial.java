package org.ranksweep.core.plan;

import org.ranksweep.core.trial.TrialConfig;

/**
 * One trial of a sweep's plan, before it is stored. Immutable; crosses HTTP as JSON.
 *
 * @param index       0-based position in the plan (stable for the same spec)
 * @param config      everything a worker needs to run the trial
 * @param contentHash {@link ContentHash#of(TrialConfig)} of {@code config}
 */
public record PlannedTrial(int index, TrialConfig config, String contentHash) {}
