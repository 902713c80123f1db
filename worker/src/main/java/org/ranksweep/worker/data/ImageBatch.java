package org.ranksweep.worker.data;

import ai.djl.ndarray.NDArray;

/**
 * One batch on the engine: normalised float images (batch, c, H, W), INT64 labels (batch) and, when the batch was
 * mixed ({@link DeitAugmentation}), soft FLOAT32 targets (batch, classes) to train on instead of the labels; the
 * labels are then the unmixed images' classes. The arrays belong to the manager the batch was loaded into; not
 * thread-safe.
 *
 * @param targets soft targets, or null: train on the labels
 */
public record ImageBatch(NDArray images, NDArray labels, NDArray targets) {

    /** A batch with hard labels only. */
    public ImageBatch(NDArray images, NDArray labels) {
        this(images, labels, null);
    }

    public int size() {
        return Math.toIntExact(labels.getShape().get(0));
    }

    /** The training targets (batch, classes): the soft targets, or the one-hot labels. */
    public NDArray targets(int classes) {
        return targets != null ? targets : labels.oneHot(classes);
    }
}
