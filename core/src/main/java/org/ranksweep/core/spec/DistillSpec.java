package org.ranksweep.core.spec;

/**
 * Hard distillation: loss = (1 - weight)·CE(student, y) + weight·CE(student, argmax teacher(x)).
 */
public record DistillSpec(boolean enabled, double weight) {}
