package org.ranksweep.core.spec;

/** How to train the dense base model from scratch: AdamW with a cosine schedule. */
public record TrainRecipe(int epochs, double lr, int batch, double weightDecay) {
}
