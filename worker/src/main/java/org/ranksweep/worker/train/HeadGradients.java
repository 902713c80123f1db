package org.ranksweep.worker.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * Loss gradients of a dense model's attention weights, batch by batch, over a few batches (for Taylor head
 * importance). The model's gradients are zeroed before and after each batch, and its weights are not changed. Not
 * thread-safe per model.
 */
public final class HeadGradients {

    private HeadGradients() {}

    /**
     * Per block, the cross-entropy gradients of q, k, v, o of each of the first {@code batchLimit} batches
     * separately: {@code result.get(block).get(batch)}.
     */
    public static List<List<DenseAttention>> perBatch(
            VisionTransformerBlock model, NDManager manager, Batches batches, int batchLimit) {
        TorchRuntime.disableGradients();
        VitShape shape = model.shape();
        List<List<DenseAttention>> gradients = new ArrayList<>();
        for (int block = 0; block < shape.depth(); block++) {
            gradients.add(new ArrayList<>());
        }
        ParameterStore parameterStore = new ParameterStore(manager, false);
        int[] order = Batches.sequentialOrder(batches.images().size());
        ModelTrainer.GRADIENT_SECTION.lock();
        try {
            for (int index = 0; index < Math.min(batchLimit, batches.count()); index++) {
                zeroGradients(model);
                try (NDManager step = manager.newSubManager()) {
                    ImageBatch batch = batches.load(step, order, index, null);
                    backward(model, parameterStore, batch, shape.classes());
                }
                for (int block = 0; block < shape.depth(); block++) {
                    gradients
                            .get(block)
                            .add(AttentionWeights.readGradients(
                                    model.blocks().get(block).attention(), shape.width(), shape.heads()));
                }
            }
            zeroGradients(model);
            return gradients;
        } finally {
            ModelTrainer.GRADIENT_SECTION.unlock();
        }
    }

    private static void backward(
            VisionTransformerBlock model, ParameterStore parameterStore, ImageBatch batch, int classes) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.forward(parameterStore, new NDList(batch.images()), true)
                    .head();
            NDArray loss = batch.labels()
                    .oneHot(classes)
                    .mul(logits.logSoftmax(-1))
                    .sum(new int[] {-1})
                    .mean()
                    .neg();
            collector.backward(loss);
        }
    }

    private static void zeroGradients(VisionTransformerBlock model) {
        for (Pair<String, Parameter> entry : model.getParameters()) {
            NDArray array = entry.getValue().getArray();
            if (array.hasGradient()) {
                try (NDArray gradient = array.getGradient()) {
                    gradient.muli(0);
                }
            }
        }
    }
}
