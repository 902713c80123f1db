package org.ranksweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * The frozen dense model a student is distilled from. Its forward runs in inference mode and records no graph as
 * long as the calling thread's autograd is off (training loops call it outside their gradient collector).
 * Thread-safe for forward passes.
 */
public final class Teacher {

    private final VisionTransformerBlock model;
    private final ParameterStore parameterStore;

    public Teacher(VisionTransformerBlock model, NDManager manager) {
        this.model = model;
        this.parameterStore = new ParameterStore(manager, false);
    }

    public VisionTransformerBlock model() {
        return model;
    }

    /** Logits first, then the outputs of {@code featureBlocks} in index order. */
    public NDList forward(NDArray images, List<Integer> featureBlocks) {
        return model.forward(
                parameterStore,
                new NDList(images),
                false,
                featureBlocks.isEmpty() ? null : VisionTransformerBlock.featureRequest(featureBlocks));
    }
}
