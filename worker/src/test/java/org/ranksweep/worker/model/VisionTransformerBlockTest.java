package org.ranksweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

class VisionTransformerBlockTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;

    @Test
    void denseForwardMapsImagesToOneLogitPerClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchRuntime.disableGradients();
            VisionTransformerBlock model = VitFactory.dense(TINY);
            VitFactory.initialize(model, manager, 1);
            NDArray images = manager.randomNormal(model.inputShape(3));
            NDList output = model.forward(new ParameterStore(manager, false), new NDList(images), false);
            assertThat(output).hasSize(1);
            assertThat(output.head().getShape()).isEqualTo(new Shape(3, TINY.classes()));
        }
    }

    @Test
    void denseModelHoldsTheContractParameterCount() {
        int d = TINY.width();
        int n = TINY.tokens();
        int hidden = TINY.mlpHidden();
        long patchEmbedding = (long) TINY.channels() * TINY.patch() * TINY.patch() * d + d;
        long perBlock = 2L * d + (4L * d * d + 4L * d) + 2L * d + (d * hidden + hidden) + (hidden * d + d);
        long expected = patchEmbedding
                + d
                + (long) n * d
                + TINY.depth() * perBlock
                + 2L * d
                + (long) d * TINY.classes()
                + TINY.classes();
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformerBlock model = VitFactory.dense(TINY);
            VitFactory.initialize(model, manager, 1);
            assertThat(ModelParameters.count(model)).isEqualTo(expected);
        }
    }
}
