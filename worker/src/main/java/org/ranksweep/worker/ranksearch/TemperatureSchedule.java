package org.ranksweep.worker.ranksearch;

/**
 * The Gumbel-softmax temperature per search epoch, annealed geometrically: epoch 1 uses {@code start}, epoch
 * {@code epochs} uses {@code end}, and each epoch multiplies the temperature by the same factor
 * {@code (end/start)^(1/(epochs−1))}. A single epoch uses {@code start}. Immutable and thread-safe.
 */
public record TemperatureSchedule(double start, double end, int epochs) {

    public TemperatureSchedule {
        if (!(start > 0) || !(end > 0) || epochs < 1) {
            throw new IllegalArgumentException("temperatures must be > 0 and epochs >= 1, were start " + start
                    + ", end " + end + ", epochs " + epochs);
        }
    }

    /** The temperature of the 1-based search epoch {@code epoch}. */
    public double at(int epoch) {
        if (epoch < 1 || epoch > epochs) {
            throw new IllegalArgumentException("epoch must be in [1, " + epochs + "], was " + epoch);
        }
        if (epochs == 1) {
            return start;
        }
        return start * Math.pow(end / start, (epoch - 1) / (double) (epochs - 1));
    }
}
