package org.ranksweep.worker.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;

/** Top-1 accuracy of a model over a set of images, in inference mode. Thread-safe (stateless). */
public final class Accuracy {

    private Accuracy() {}

    /** Fraction of images whose arg-max logit is their label; NaN for an empty set. */
    public static double top1(VisionTransformerBlock model, Batches batches, NDManager manager) {
        int size = batches.images().size();
        if (size == 0) {
            return Double.NaN;
        }
        TorchRuntime.disableGradients();
        int[] order = Batches.sequentialOrder(size);
        ParameterStore parameterStore = new ParameterStore(manager, false);
        long correct = 0;
        for (int index = 0; index < batches.count(); index++) {
            try (NDManager step = manager.newSubManager()) {
                ImageBatch batch = batches.load(step, order, index, null);
                NDArray logits = model.forward(parameterStore, new NDList(batch.images()), false)
                        .head();
                correct += correctCount(logits, batch.labels());
            }
        }
        return (double) correct / size;
    }

    /** How many rows of {@code logits} have their arg-max at the label. */
    public static long correctCount(NDArray logits, NDArray labels) {
        return logits.argMax(-1).eq(labels).sum().getLong();
    }
}
