package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer block: x + attention(LN(x)), then x + fc2(GELU(fc1(LN(x)))). fc1 and fc2 are a
 * Linear or a {@link FactorizedLinearBlock}. Forward parameters carrying a {@link RankMasks.Block} mask the
 * attention and the factorised MLP; in training forwards, a {@link DropPath.Block} drops each residual branch per
 * sample (stochastic depth). Thread-safe for forward passes once initialised.
 */
public final class EncoderBlock extends AbstractBlock {

    private final LayerNorm attentionNorm;
    private final AttentionBlock attention;
    private final LayerNorm mlpNorm;
    private final Block fc1;
    private final Block fc2;

    public EncoderBlock(AttentionBlock attention, Block fc1, Block fc2) {
        attentionNorm = addChildBlock("attentionNorm", tokenNorm());
        this.attention = addChildBlock("attention", attention);
        mlpNorm = addChildBlock("mlpNorm", tokenNorm());
        this.fc1 = addChildBlock("fc1", fc1);
        this.fc2 = addChildBlock("fc2", fc2);
    }

    /** LayerNorm over the last (embedding) axis of (batch, tokens, width) input. */
    static LayerNorm tokenNorm() {
        return LayerNorm.builder().axis(2).optEpsilon(1e-6f).build();
    }

    public LayerNorm attentionNorm() {
        return attentionNorm;
    }

    public LayerNorm mlpNorm() {
        return mlpNorm;
    }

    public AttentionBlock attention() {
        return attention;
    }

    public Block fc1() {
        return fc1;
    }

    public Block fc2() {
        return fc2;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        RankMasks.Block masks = RankMasks.find(params, RankMasks.BLOCK_KEY, RankMasks.Block.class);
        DropPath.Block dropPath = training ? RankMasks.find(params, DropPath.BLOCK_KEY, DropPath.Block.class) : null;
        NDArray tokens = inputs.singletonOrThrow();
        NDList normed = attentionNorm.forward(parameterStore, inputs, training);
        NDArray attended =
                attention.forward(parameterStore, normed, training, params).singletonOrThrow();
        NDArray mixed = tokens.add(dropPath == null ? attended : dropPath.apply(attended));
        NDList hidden = fc1.forward(
                parameterStore,
                mlpNorm.forward(parameterStore, new NDList(mixed), training),
                training,
                masks == null ? null : RankMasks.forLinear(masks.fc1()));
        NDList activated = new NDList(Activation.gelu(hidden.singletonOrThrow()));
        NDArray projected = fc2.forward(
                        parameterStore, activated, training, masks == null ? null : RankMasks.forLinear(masks.fc2()))
                .singletonOrThrow();
        return new NDList(mixed.add(dropPath == null ? projected : dropPath.apply(projected)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        attentionNorm.initialize(manager, dataType, inputShapes);
        attention.initialize(manager, dataType, inputShapes);
        mlpNorm.initialize(manager, dataType, inputShapes);
        fc1.initialize(manager, dataType, inputShapes);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(inputShapes));
    }
}
