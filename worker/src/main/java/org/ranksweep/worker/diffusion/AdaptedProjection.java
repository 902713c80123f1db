package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A linear projection with bias, optionally with a LoRA update: base(x) + up(down(x)), down in→r and up r→out, both
 * without bias. Thread-safe for forward passes once initialised.
 */
public final class AdaptedProjection extends AbstractBlock {

    private final Linear base;
    private final Linear down;
    private final Linear up;

    /** @param loraRank the rank of the LoRA update, 0 for none */
    public AdaptedProjection(int units, int loraRank) {
        base = addChildBlock(
                "base", Linear.builder().setUnits(units).optBias(true).build());
        if (loraRank > 0) {
            down = addChildBlock(
                    "loraDown",
                    Linear.builder().setUnits(loraRank).optBias(false).build());
            up = addChildBlock(
                    "loraUp", Linear.builder().setUnits(units).optBias(false).build());
        } else {
            down = null;
            up = null;
        }
    }

    public Linear base() {
        return base;
    }

    /** The LoRA in→r factor; null without LoRA. */
    public Linear loraDown() {
        return down;
    }

    /** The LoRA r→out factor; null without LoRA. */
    public Linear loraUp() {
        return up;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray projected = base.forward(parameterStore, inputs, training).singletonOrThrow();
        if (down == null) {
            return new NDList(projected);
        }
        NDList middle = down.forward(parameterStore, inputs, training);
        return new NDList(
                projected.add(up.forward(parameterStore, middle, training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return base.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        base.initialize(manager, dataType, inputShapes);
        if (down != null) {
            down.initialize(manager, dataType, inputShapes);
            up.initialize(manager, dataType, down.getOutputShapes(inputShapes));
        }
    }
}
