package org.ranksweep.worker.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * Forward-pass latency of a model on random input (warm-up runs, then the median of timed runs), and its speed-up
 * over the dense model timed side by side. Thread-safe.
 */
public final class Latency {

    private Latency() {}

    /** Median wall time in milliseconds of one inference forward at {@code batch} images. */
    public static double medianMillis(
            VisionTransformerBlock model, NDManager manager, int batch, int warmups, int repeats) {
        TorchRuntime.disableGradients();
        for (int run = 0; run < warmups; run++) {
            millis(model, manager, batch);
        }
        double[] millis = new double[repeats];
        for (int run = 0; run < repeats; run++) {
            millis[run] = millis(model, manager, batch);
        }
        return median(millis);
    }

    /**
     * The speed-up of {@code model} over {@code dense} at {@code batch} images: after {@code warmups} forwards of
     * each, {@code rounds} rounds that time one forward of each, in alternating order (dense first in even rounds),
     * each round giving the ratio dense time over model time. Timing the two side by side makes load from elsewhere
     * slow both alike, so the ratios agree where absolute times do not.
     */
    public static PairedSpeedup pairedSpeedup(
            VisionTransformerBlock dense,
            NDManager denseManager,
            VisionTransformerBlock model,
            NDManager manager,
            int batch,
            int warmups,
            int rounds) {
        TorchRuntime.disableGradients();
        for (int run = 0; run < warmups; run++) {
            millis(dense, denseManager, batch);
            millis(model, manager, batch);
        }
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            double denseMillis;
            double modelMillis;
            if (round % 2 == 0) {
                denseMillis = millis(dense, denseManager, batch);
                modelMillis = millis(model, manager, batch);
            } else {
                modelMillis = millis(model, manager, batch);
                denseMillis = millis(dense, denseManager, batch);
            }
            ratios[round] = denseMillis / modelMillis;
        }
        double median = median(ratios);
        return new PairedSpeedup(median, ratios[0], ratios[rounds - 1], rounds);
    }

    /** Wall time of one inference forward on random input, milliseconds. */
    private static double millis(VisionTransformerBlock model, NDManager manager, int batch) {
        try (NDManager step = manager.newSubManager()) {
            NDArray images = step.randomNormal(model.inputShape(batch));
            ParameterStore parameterStore = new ParameterStore(manager, false);
            long start = System.nanoTime();
            NDArray logits =
                    model.forward(parameterStore, new NDList(images), false).head();
            logits.getFloat(0, 0);
            return (System.nanoTime() - start) / 1e6;
        }
    }

    /** Sorts {@code values} in place and returns their median. */
    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
