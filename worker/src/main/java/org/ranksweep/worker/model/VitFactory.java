package org.ranksweep.worker.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ranksweep.core.model.VitShape;

/** Builds and initialises Vision Transformers of the contract's structure. Thread-safe (stateless). */
public final class VitFactory {

    private VitFactory() {
    }

    /** The dense model of a shape: every block with dense attention and full MLP. Not yet initialised. */
    public static VisionTransformerBlock dense(VitShape shape) {
        List<EncoderBlock> blocks = new ArrayList<>();
        for (int index = 0; index < shape.depth(); index++) {
            blocks.add(new EncoderBlock(AttentionBlock.dense(shape.width(), shape.heads()),
                    linear(shape.mlpHidden()), linear(shape.width())));
        }
        return new VisionTransformerBlock(shape, blocks, linear(shape.classes()));
    }

    /**
     * Initialises a built model's parameters deterministically from {@code seed}: Xavier-uniform weights, zero biases,
     * LayerNorm ones/zeros, truncated-normal(0.02) class token and positions.
     */
    public static void initialize(VisionTransformerBlock model, NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        model.setInitializer(new SeededInitializer(SeededInitializer.Kind.XAVIER_UNIFORM, random),
                Parameter.Type.WEIGHT);
        model.setInitializer(new SeededInitializer(SeededInitializer.Kind.TRUNCATED_NORMAL, random),
                Parameter.Type.OTHER);
        model.initialize(manager, DataType.FLOAT32, model.inputShape(1));
    }

    static Block linear(int units) {
        return Linear.builder().setUnits(units).optBias(true).build();
    }
}
