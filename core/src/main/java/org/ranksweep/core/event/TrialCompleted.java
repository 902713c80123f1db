package org.ranksweep.core.event;

import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;

/** The attempt finished with a result. */
public record TrialCompleted(TrialId trialId, int attempt, TrialResult result) implements TrialEvent {}
