package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention with separate q, k, v, o projections, no dropout, in every form the model contract
 * names: dense (h heads of width d_h), head-level (H' heads with widths r_qk and r_vo, softmax scale 1/√d_h of the
 * original head width), matrix-level (each projection a factorised pair, heads keep width d_h), and the
 * degenerate H' = 0 form that is only the output bias. Forward parameters carrying a {@link RankMasks.Block} scale
 * the per-head query and value components (the soft rank masks of a rank-search supernet). Thread-safe for forward
 * passes once initialised.
 */
public final class AttentionBlock extends AbstractBlock {

    private final int width;
    private final int heads;
    private final int qkHeadWidth;
    private final int voHeadWidth;
    private final float scale;
    private final Block query;
    private final Block key;
    private final Block value;
    private final Block output;
    private final Parameter outputBias;

    private AttentionBlock(
            int width, int heads, int qkHeadWidth, int voHeadWidth, int scaleHeadWidth, Block[] projections) {
        this.width = width;
        this.heads = heads;
        this.qkHeadWidth = qkHeadWidth;
        this.voHeadWidth = voHeadWidth;
        this.scale = (float) (1.0 / Math.sqrt(scaleHeadWidth));
        if (heads == 0) {
            query = key = value = output = null;
            outputBias = addParameter(Parameter.builder()
                    .setName("outputBias")
                    .setType(Parameter.Type.BIAS)
                    .optShape(new Shape(width))
                    .optInitializer(Initializer.ZEROS)
                    .build());
        } else {
            query = addChildBlock("query", projections[0]);
            key = addChildBlock("key", projections[1]);
            value = addChildBlock("value", projections[2]);
            output = addChildBlock("output", projections[3]);
            outputBias = null;
        }
    }

    /** Dense attention: h heads of width d_h, four Linear(d→d) with bias. */
    public static AttentionBlock dense(int width, int heads) {
        int headWidth = width / heads;
        return headLevel(width, heads, headWidth, headWidth, headWidth);
    }

    /**
     * Head-level attention: {@code heads} heads (0 allowed) with per-head query/key width {@code qkHeadWidth} and
     * value/output width {@code voHeadWidth}; the softmax scale is 1/√{@code scaleHeadWidth}.
     */
    public static AttentionBlock headLevel(int width, int heads, int qkHeadWidth, int voHeadWidth, int scaleHeadWidth) {
        Block[] projections = heads == 0
                ? null
                : new Block[] {
                    linear(heads * qkHeadWidth), linear(heads * qkHeadWidth), linear(heads * voHeadWidth), linear(width)
                };
        return new AttentionBlock(width, heads, qkHeadWidth, voHeadWidth, scaleHeadWidth, projections);
    }

    /** Matrix-level attention: h heads of width d_h, each of q, k, v, o factorised at its own rank. */
    public static AttentionBlock matrixLevel(
            int width, int heads, int queryRank, int keyRank, int valueRank, int outputRank) {
        int headWidth = width / heads;
        Block[] projections = {
            new FactorizedLinearBlock(queryRank, width),
            new FactorizedLinearBlock(keyRank, width),
            new FactorizedLinearBlock(valueRank, width),
            new FactorizedLinearBlock(outputRank, width)
        };
        return new AttentionBlock(width, heads, headWidth, headWidth, headWidth, projections);
    }

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).optBias(true).build();
    }

    public int heads() {
        return heads;
    }

    public int qkHeadWidth() {
        return qkHeadWidth;
    }

    public int voHeadWidth() {
        return voHeadWidth;
    }

    /** The query projection: a {@link Linear} or a {@link FactorizedLinearBlock}; null when there are no heads. */
    public Block query() {
        return query;
    }

    public Block key() {
        return key;
    }

    public Block value() {
        return value;
    }

    public Block output() {
        return output;
    }

    /** The only parameter of the zero-head form; null otherwise. */
    public Parameter outputBias() {
        return outputBias;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.singletonOrThrow();
        Shape shape = tokens.getShape();
        if (heads == 0) {
            NDArray bias = parameterStore.getValue(outputBias, tokens.getDevice(), training);
            NDArray broadcast = bias.broadcast(shape);
            broadcast.attach(tokens.getManager());
            return new NDList(broadcast);
        }
        long batch = shape.get(0);
        long length = shape.get(1);
        RankMasks.Block masks = RankMasks.find(params, RankMasks.BLOCK_KEY, RankMasks.Block.class);
        NDArray queries = splitHeads(project(query, parameterStore, tokens, training), batch, length, qkHeadWidth);
        NDArray keys = splitHeads(project(key, parameterStore, tokens, training), batch, length, qkHeadWidth);
        NDArray values = splitHeads(project(value, parameterStore, tokens, training), batch, length, voHeadWidth);
        if (masks != null && masks.qk() != null) {
            // Scaling query component k by μ_k scales the k-th singular component of every head's W_QK.
            queries = queries.mul(masks.qk());
        }
        if (masks != null && masks.vo() != null) {
            values = values.mul(masks.vo());
        }
        NDArray weights =
                Scalars.times(queries, scale).matMul(keys.transpose(0, 1, 3, 2)).softmax(-1);
        NDArray context =
                weights.matMul(values).transpose(0, 2, 1, 3).reshape(batch, length, (long) heads * voHeadWidth);
        return output.forward(parameterStore, new NDList(context), training);
    }

    private static NDArray project(Block projection, ParameterStore parameterStore, NDArray tokens, boolean training) {
        return projection.forward(parameterStore, new NDList(tokens), training).singletonOrThrow();
    }

    private NDArray splitHeads(NDArray projected, long batch, long length, int headWidth) {
        return projected.reshape(batch, length, heads, headWidth).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (heads == 0) {
            return;
        }
        Shape tokens = inputShapes[0];
        query.initialize(manager, dataType, tokens);
        key.initialize(manager, dataType, tokens);
        value.initialize(manager, dataType, tokens);
        output.initialize(manager, dataType, new Shape(tokens.get(0), tokens.get(1), (long) heads * voHeadWidth));
    }

    @Override
    public String toString() {
        return "Attention(width=" + width + ", heads=" + heads + ", qk=" + qkHeadWidth + ", vo=" + voHeadWidth + ")";
    }
}
