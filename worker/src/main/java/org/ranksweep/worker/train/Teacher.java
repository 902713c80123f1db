package org.ranksweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * The frozen dense model a student is distilled from. Its forward runs in inference mode and records no graph as
 * long as the calling thread's autograd is off (training loops call it outside their gradient collector). It may
 * carry its {@link TeacherLabels} on the training images, which a trainer uses instead of a forward pass when the
 * images are used as stored and only the teacher's class is needed. Thread-safe for forward passes.
 */
public final class Teacher {

    private final VisionTransformerBlock model;
    private final ParameterStore parameterStore;
    private final TeacherLabels labels;

    public Teacher(VisionTransformerBlock model, NDManager manager) {
        this(model, new ParameterStore(manager, false), null);
    }

    private Teacher(VisionTransformerBlock model, ParameterStore parameterStore, TeacherLabels labels) {
        this.model = model;
        this.parameterStore = parameterStore;
        this.labels = labels;
    }

    /** This teacher carrying its predicted classes on the training images. */
    public Teacher withLabels(TeacherLabels labels) {
        return new Teacher(model, parameterStore, labels);
    }

    /** The teacher's classes on the training images, or null when they were not computed. */
    public TeacherLabels labels() {
        return labels;
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
