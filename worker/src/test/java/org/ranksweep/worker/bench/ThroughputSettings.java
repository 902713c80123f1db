package org.ranksweep.worker.bench;

/**
 * The training run both sides of the throughput comparison perform. Immutable and thread-safe.
 *
 * @param threads intra-op threads (and OMP_NUM_THREADS)
 * @param images  Fashion-MNIST training images per epoch
 * @param epochs  passes over them
 * @param warmup  first steps left untimed
 * @param batch   images per step
 */
record ThroughputSettings(int threads, int images, int epochs, int warmup, int batch) {

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
}
