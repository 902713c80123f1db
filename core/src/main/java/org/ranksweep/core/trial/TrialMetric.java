package org.ranksweep.core.trial;

/**
 * One measured value of a trial, e.g. phase {@code finetune}, epoch 2, split {@code heldout}, name {@code top1}.
 *
 * @param phase what the trial was doing: {@code base}, {@code search}, {@code finetune}, {@code eval}
 * @param epoch 1-based epoch within the phase (0 for values measured once)
 * @param split {@code train}, {@code heldout} or {@code test}
 * @param name  metric name: {@code loss}, {@code top1}, {@code lr}, {@code seconds}, ...
 */
public record TrialMetric(String phase, int epoch, String split, String name, double value) {}
