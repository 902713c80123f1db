package org.ranksweep.core.event;

import org.ranksweep.core.trial.TrialId;

/** A worker claimed the trial and holds its lease. */
public record TrialStarted(TrialId trialId, int attempt, String workerId) implements TrialEvent {}
