package org.ranksweep.core.spec;

/**
 * How to train the dense base model from scratch: AdamW with a schedule that rises linearly over the first
 * {@code warmupEpochs} epochs (0 = no warm-up) and then decays along a cosine. Immutable and thread-safe.
 */
public record TrainRecipe(int epochs, double lr, int batch, double weightDecay, int warmupEpochs) {

    /** A recipe without warm-up. */
    public TrainRecipe(int epochs, double lr, int batch, double weightDecay) {
        this(epochs, lr, batch, weightDecay, 0);
    }
}
