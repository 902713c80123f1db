package org.ranksweep.worker.data;

/**
 * A dataset cut into its three uses: {@code train} for fitting, {@code heldOut} (sliced off the training split)
 * for any selection, and {@code test} for final numbers only. Normalisation statistics come from {@code train};
 * {@code evalTransform} is how decoded images were resized and cropped, null when the images are used as stored.
 * Immutable and thread-safe.
 */
public record SplitDataset(
        String name,
        ImageSet train,
        ImageSet heldOut,
        ImageSet test,
        Normalization normalization,
        int classes,
        EvalTransform evalTransform) {

    /** Images used as stored, no resizing. */
    public SplitDataset(
            String name, ImageSet train, ImageSet heldOut, ImageSet test, Normalization normalization, int classes) {
        this(name, train, heldOut, test, normalization, classes, null);
    }

    /** Everything an image goes through before the model sees it, for a trial's artifacts and exports. */
    public Preprocessing preprocessing() {
        return Preprocessing.of(normalization, train.channels(), train.height(), train.width(), evalTransform);
    }
}
