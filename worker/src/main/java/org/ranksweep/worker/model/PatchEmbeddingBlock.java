package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Turns images (batch, c, H, W) into tokens (batch, N, d): a patchifying Conv2d(c→d, kernel p, stride p, bias), a
 * learned class token prepended, and a learned position embedding added. Thread-safe for forward passes once
 * initialised.
 */
public final class PatchEmbeddingBlock extends AbstractBlock {

    private final Conv2d projection;
    private final Parameter classToken;
    private final Parameter positions;

    /** The class token and position embedding are {@link Parameter.Type#OTHER} so a weight initialiser skips them. */
    public PatchEmbeddingBlock(int width, int patch, int tokens) {
        projection = addChildBlock(
                "projection",
                Conv2d.builder()
                        .setFilters(width)
                        .setKernelShape(new Shape(patch, patch))
                        .optStride(new Shape(patch, patch))
                        .optBias(true)
                        .build());
        classToken = addParameter(Parameter.builder()
                .setName("classToken")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, width))
                .build());
        positions = addParameter(Parameter.builder()
                .setName("positions")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, tokens, width))
                .build());
    }

    public Conv2d projection() {
        return projection;
    }

    public Parameter classToken() {
        return classToken;
    }

    public Parameter positions() {
        return positions;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray patches = projection.forward(parameterStore, inputs, training).singletonOrThrow();
        Shape shape = patches.getShape();
        long batch = shape.get(0);
        long width = shape.get(1);
        NDArray tokens = patches.reshape(batch, width, -1).transpose(0, 2, 1);
        NDArray cls = parameterStore
                .getValue(classToken, tokens.getDevice(), training)
                .broadcast(batch, 1, width);
        // An op's result belongs to its first operand's manager: without this, the class token would pull every
        // later activation into the model's long-lived manager.
        cls.attach(tokens.getManager());
        NDArray position = parameterStore.getValue(positions, tokens.getDevice(), training);
        return new NDList(cls.concat(tokens, 1).add(position));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape positionShape = positions.getShape();
        return new Shape[] {new Shape(inputShapes[0].get(0), positionShape.get(1), positionShape.get(2))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        projection.initialize(manager, dataType, inputShapes);
    }
}
