package org.ranksweep.worker.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;

/** Forward-pass latency of a model on random input: warm-up runs, then the median of timed runs. Thread-safe. */
public final class Latency {

    private Latency() {}

    /** Median wall time in milliseconds of one inference forward at {@code batch} images. */
    public static double medianMillis(
            VisionTransformerBlock model, NDManager manager, int batch, int warmups, int repeats) {
        TorchRuntime.disableGradients();
        ParameterStore parameterStore = new ParameterStore(manager, false);
        double[] millis = new double[repeats];
        for (int run = 0; run < warmups + repeats; run++) {
            try (NDManager step = manager.newSubManager()) {
                NDArray images = step.randomNormal(model.inputShape(batch));
                long start = System.nanoTime();
                NDArray logits =
                        model.forward(parameterStore, new NDList(images), false).head();
                logits.getFloat(0, 0);
                if (run >= warmups) {
                    millis[run - warmups] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        Arrays.sort(millis);
        return repeats % 2 == 1 ? millis[repeats / 2] : (millis[repeats / 2 - 1] + millis[repeats / 2]) / 2;
    }
}
