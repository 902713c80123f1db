package org.ranksweep.worker.data;

/**
 * A dataset cut into its three uses: {@code train} for fitting, {@code heldOut} (sliced off the training split)
 * for any selection, and {@code test} for final numbers only. Normalisation statistics come from {@code train}.
 * Immutable and thread-safe.
 */
public record SplitDataset(
        String name, ImageSet train, ImageSet heldOut, ImageSet test, Normalization normalization, int classes) {}
