package org.ranksweep.worker.data;

/** Per-dataset pixel normalisation: x' = (x/255 − mean) / std. Immutable and thread-safe. */
public record Normalization(double mean, double std) {
}
