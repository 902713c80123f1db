package org.ranksweep.worker.run;

/**
 * Fine-grained progress of a running trial: batch {@code batch} of {@code batches} in epoch {@code epoch} of
 * {@code epochs} of {@code phase} ({@code data}, {@code base}, {@code compress}, {@code finetune}, {@code eval});
 * zeros where a phase has no epochs or batches. Immutable and thread-safe.
 */
public record TrialProgress(String phase, int epoch, int epochs, int batch, int batches) {}
