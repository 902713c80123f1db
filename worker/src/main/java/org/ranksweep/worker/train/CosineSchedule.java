package org.ranksweep.worker.train;

import ai.djl.training.tracker.Tracker;

/**
 * Learning rate per optimizer update: an optional linear warm-up over the first {@code warmupUpdates} updates
 * (update u ≤ W uses {@code start·u/W}, so update W reaches {@code start}), then cosine decay from {@code start} to
 * {@code end}, reached at update {@code updates}. Without warm-up, update 1 uses {@code start}. Immutable and
 * thread-safe.
 */
public record CosineSchedule(double start, double end, int updates, int warmupUpdates) implements Tracker {

    /** Cosine decay without warm-up. */
    public CosineSchedule(double start, double end, int updates) {
        this(start, end, updates, 0);
    }

    public CosineSchedule {
        if (warmupUpdates < 0) {
            throw new IllegalArgumentException("warmupUpdates must be >= 0, was " + warmupUpdates);
        }
    }

    @Override
    public float getNewValue(int update) {
        return (float) valueAt(update);
    }

    /** The learning rate of the 1-based update {@code update}. */
    public double valueAt(int update) {
        if (warmupUpdates > 0 && update <= warmupUpdates) {
            return start * Math.max(1, update) / warmupUpdates;
        }
        if (warmupUpdates > 0) {
            return cosine(update - warmupUpdates, updates - warmupUpdates);
        }
        if (updates <= 1) {
            return start;
        }
        return cosine(update - 1, updates - 1);
    }

    /** Cosine from start (step 0) to end (step {@code steps} and after). */
    private double cosine(int step, int steps) {
        if (steps <= 0) {
            return start;
        }
        double progress = Math.min(1.0, Math.max(0.0, step / (double) steps));
        return end + (start - end) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
