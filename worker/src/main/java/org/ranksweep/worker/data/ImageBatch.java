package org.ranksweep.worker.data;

import ai.djl.ndarray.NDArray;

/**
 * One batch on the engine: normalised float images (batch, c, H, W) and INT64 labels (batch). The arrays belong to
 * the manager the batch was loaded into; not thread-safe.
 */
public record ImageBatch(NDArray images, NDArray labels) {

    public int size() {
        return Math.toIntExact(labels.getShape().get(0));
    }
}
