package org.ranksweep.core.event;

import org.ranksweep.core.trial.TrialId;

/** Fine-grained progress for progress bars (batch {@code batch} of {@code batches} in epoch {@code epoch}); not persisted. */
public record TrialProgressed(TrialId trialId, int attempt, String phase, int epoch, int epochs, int batch, int batches)
        implements TrialEvent {}
