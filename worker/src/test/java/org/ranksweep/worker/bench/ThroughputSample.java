package org.ranksweep.worker.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One side's training-throughput measurement: the timed steady-state steps of one training run. Immutable and
 * thread-safe.
 *
 * @param side          {@code djl} or {@code pytorch}
 * @param stepMillis    wall time of each timed step, in order
 * @param imagesTimed   images in the timed steps
 * @param parameters    trainable parameters of the model, to check both sides built the same one
 * @param gc            the JVM's garbage collections over the whole training (DJL side); null for PyTorch
 */
record ThroughputSample(String side, List<Double> stepMillis, long imagesTimed, long parameters, GcClock.Spent gc) {

    ThroughputSample {
        stepMillis = List.copyOf(stepMillis);
        if (stepMillis.isEmpty()) {
            throw new IllegalArgumentException(side + ": no step was timed (too few steps after the warm-up?)");
        }
    }

    /** Timed images per timed second. */
    double imagesPerSecond() {
        return imagesTimed
                / (stepMillis.stream().mapToDouble(Double::doubleValue).sum() / 1000);
    }

    double medianStepMillis() {
        List<Double> sorted = new ArrayList<>(stepMillis);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Images per second of a step of median length: less sensitive to stalls caused by other jobs. */
    double medianStepImagesPerSecond() {
        return imagesTimed / (double) stepMillis.size() / (medianStepMillis() / 1000);
    }
}
