package org.ranksweep.worker.train;

import ai.djl.training.tracker.Tracker;

/**
 * Cosine learning-rate decay from {@code start} to {@code end} over {@code updates} optimizer updates, without
 * warm-up: update 1 uses {@code start}, update {@code updates} uses {@code end}. Immutable and thread-safe.
 */
public record CosineSchedule(double start, double end, int updates) implements Tracker {

    @Override
    public float getNewValue(int update) {
        return (float) valueAt(update);
    }

    /** The learning rate of the 1-based update {@code update}. */
    public double valueAt(int update) {
        if (updates <= 1) {
            return start;
        }
        double progress = Math.min(1.0, Math.max(0.0, (update - 1) / (double) (updates - 1)));
        return end + (start - end) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
