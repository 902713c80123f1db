package org.ranksweep.core.event;

import org.ranksweep.core.trial.TrialId;

/**
 * The attempt failed with a readable reason. {@code retryable} is false for errors another attempt cannot fix
 * (invalid configuration, missing dataset), true for e.g. out of memory.
 */
public record TrialFailed(TrialId trialId, int attempt, String reason, boolean retryable) implements TrialEvent {}
