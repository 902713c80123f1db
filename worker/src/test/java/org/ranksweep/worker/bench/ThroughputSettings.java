package org.ranksweep.worker.bench;

import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

/**
 * The training run both sides of the throughput comparison perform. Immutable and thread-safe.
 *
 * @param shape   the model both sides build
 * @param threads intra-op threads (and OMP_NUM_THREADS)
 * @param images  training images per epoch
 * @param epochs  passes over them
 * @param warmup  first steps left untimed
 * @param batch   images per step
 */
record ThroughputSettings(VitShape shape, int threads, int images, int epochs, int warmup, int batch) {

    ThroughputSettings {
        if (images % batch != 0) {
            throw new IllegalArgumentException(
                    "images " + images + " must be a multiple of batch " + batch + " so every step has the same size");
        }
        if (warmup >= images / batch * epochs - 1) {
            throw new IllegalArgumentException("warm-up " + warmup + " leaves no step to time");
        }
    }

    int stepsPerEpoch() {
        return images / batch;
    }

    /**
     * Whether both sides train on Fashion-MNIST (the tiny ViT's 28×28 grey images); any other shape trains on
     * random pixels of its input size, generated from a fixed seed (throughput does not depend on the pixels).
     */
    boolean fashionMnist() {
        return shape.equals(ModelCatalog.VIT_TINY_FMNIST);
    }
}
