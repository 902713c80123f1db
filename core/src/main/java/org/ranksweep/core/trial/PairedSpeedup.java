package org.ranksweep.core.trial;

/**
 * A trial's speed-up over its dense base model, measured in one process with the two models' forward passes at batch
 * 64 interleaved (dense, trial, trial, dense, …), so that whatever else the machine is doing slows both alike. Each
 * round gives one ratio, dense time over trial time; the median is the speed-up, min and max its spread.
 *
 * @param median the median ratio over the rounds (> 1: the trial is faster)
 * @param min    the smallest ratio of a round
 * @param max    the largest ratio of a round
 * @param rounds how many rounds were timed
 */
public record PairedSpeedup(double median, double min, double max, int rounds) {

    public PairedSpeedup {
        if (rounds < 1 || !(min <= median && median <= max) || !(min > 0)) {
            throw new IllegalArgumentException(
                    "a paired speed-up needs rounds >= 1 and 0 < min <= median <= max, was " + this);
        }
    }
}
