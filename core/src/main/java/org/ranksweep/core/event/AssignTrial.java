package org.ranksweep.core.event;

import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;

/**
 * The command a worker takes from the trial queue: run attempt {@code attempt} of a trial. Immutable; crosses the
 * cluster as JSON.
 */
public record AssignTrial(TrialId trialId, SweepId sweepId, int attempt, TrialConfig config, String contentHash) {}
