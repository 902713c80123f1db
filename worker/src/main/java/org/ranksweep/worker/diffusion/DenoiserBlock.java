package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One block of the denoiser, inputs (tokens (batch, N, d), prompt encoding (batch, L, c), time embedding (batch,
 * d)): x + time(t), then x + self-attention(LN(x)), x + cross-attention(LN(x), prompt), x + MLP(LN(x)) with GELU.
 * Thread-safe for forward passes once initialised.
 */
public final class DenoiserBlock extends AbstractBlock {

    private final Linear time;
    private final LayerNorm selfNorm;
    private final ConditionedAttention selfAttention;
    private final LayerNorm crossNorm;
    private final ConditionedAttention crossAttention;
    private final LayerNorm mlpNorm;
    private final Linear fc1;
    private final Linear fc2;

    public DenoiserBlock(DiffusionShape shape, AttentionAdapter adapter) {
        int width = shape.width();
        time = addChildBlock(
                "time", Linear.builder().setUnits(width).optBias(true).build());
        selfNorm = addChildBlock("selfNorm", tokenNorm());
        selfAttention = addChildBlock("selfAttention", new ConditionedAttention(width, shape.heads(), adapter));
        crossNorm = addChildBlock("crossNorm", tokenNorm());
        crossAttention = addChildBlock("crossAttention", new ConditionedAttention(width, shape.heads(), adapter));
        mlpNorm = addChildBlock("mlpNorm", tokenNorm());
        fc1 = addChildBlock(
                "fc1",
                Linear.builder()
                        .setUnits((long) width * shape.mlpRatio())
                        .optBias(true)
                        .build());
        fc2 = addChildBlock(
                "fc2", Linear.builder().setUnits(width).optBias(true).build());
    }

    static LayerNorm tokenNorm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-6f).build();
    }

    public ConditionedAttention selfAttention() {
        return selfAttention;
    }

    public ConditionedAttention crossAttention() {
        return crossAttention;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray prompt = inputs.get(1);
        NDArray timeShift = time.forward(parameterStore, new NDList(inputs.get(2)), training)
                .singletonOrThrow()
                .expandDims(1);
        NDArray tokens = inputs.get(0).add(timeShift);
        tokens = tokens.add(selfAttention
                .forward(parameterStore, selfNorm.forward(parameterStore, new NDList(tokens), training), training)
                .singletonOrThrow());
        NDArray normed =
                crossNorm.forward(parameterStore, new NDList(tokens), training).singletonOrThrow();
        tokens = tokens.add(crossAttention
                .forward(parameterStore, new NDList(normed, prompt), training)
                .singletonOrThrow());
        NDList hidden =
                fc1.forward(parameterStore, mlpNorm.forward(parameterStore, new NDList(tokens), training), training);
        NDArray mlp = fc2.forward(parameterStore, new NDList(Activation.gelu(hidden.singletonOrThrow())), training)
                .singletonOrThrow();
        return new NDList(tokens.add(mlp));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        time.initialize(manager, dataType, inputShapes[2]);
        selfNorm.initialize(manager, dataType, tokens);
        selfAttention.initialize(manager, dataType, tokens);
        crossNorm.initialize(manager, dataType, tokens);
        crossAttention.initialize(manager, dataType, tokens, inputShapes[1]);
        mlpNorm.initialize(manager, dataType, tokens);
        fc1.initialize(manager, dataType, tokens);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {tokens}));
    }
}
