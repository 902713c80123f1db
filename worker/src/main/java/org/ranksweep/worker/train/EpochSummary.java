package org.ranksweep.worker.train;

/**
 * What one training epoch measured.
 *
 * @param epoch      1-based
 * @param loss       mean training loss over the epoch's batches
 * @param trainTop1  top-1 on the (augmented) training batches as they were trained on
 * @param heldOutTop1 top-1 on the held-out slice after the epoch; NaN when there is no held-out slice
 * @param lr         learning rate of the epoch's last update
 * @param seconds    wall time of the epoch, evaluation included
 */
public record EpochSummary(
        int epoch, int epochs, double loss, double trainTop1, double heldOutTop1, double lr, double seconds) {}
