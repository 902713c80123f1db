package org.ranksweep.worker.model;

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
 * A linear map in→out factorised at rank r: {@code Linear(in→r, no bias)} then {@code Linear(r→out, bias)}.
 * Params (in+out)·r + out. A {@link RankMasks} mask in the forward parameters scales the r middle components.
 * Not thread-safe during initialisation; forward passes are safe once initialised.
 */
public final class FactorizedLinearBlock extends AbstractBlock {

    private final int rank;
    private final Linear first;
    private final Linear second;

    public FactorizedLinearBlock(int rank, int outputs) {
        this.rank = rank;
        first = addChildBlock(
                "first", Linear.builder().setUnits(rank).optBias(false).build());
        second = addChildBlock(
                "second", Linear.builder().setUnits(outputs).optBias(true).build());
    }

    public int rank() {
        return rank;
    }

    /** The in→r factor (no bias). */
    public Linear first() {
        return first;
    }

    /** The r→out factor (with bias). */
    public Linear second() {
        return second;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList middle = first.forward(parameterStore, inputs, training);
        NDArray mask = RankMasks.find(params, RankMasks.LINEAR_KEY, NDArray.class);
        if (mask != null) {
            middle = new NDList(middle.singletonOrThrow().mul(mask));
        }
        return second.forward(parameterStore, middle, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return second.getOutputShapes(first.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes);
        second.initialize(manager, dataType, first.getOutputShapes(inputShapes));
    }
}
