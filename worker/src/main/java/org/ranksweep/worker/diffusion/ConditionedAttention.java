package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.ranksweep.worker.model.Scalars;

/**
 * Multi-head attention of image tokens (batch, N, d) over a context (batch, L, c): the tokens themselves
 * (self-attention, one input) or the prompt's encoding (cross-attention, two inputs). q, k, v and o are
 * {@link AdaptedProjection}s (LoRA when the adapter says so). With a COMCAT adapter each head i also has rank-r
 * branches q′_i, k′_i, v′_i, o′_i sharing the head's softmax:
 *
 * <pre>  A_i = softmax((q_i k_iᵀ + q′_i k′_iᵀ)/√d_h),   out = Σ_i o_i(A_i v_i) + o′_i(A_i v′_i)</pre>
 *
 * so with k′ and o′ zero the block computes exactly the base attention. Thread-safe for forward passes once
 * initialised.
 */
public final class ConditionedAttention extends AbstractBlock {

    private final int heads;
    private final int headWidth;
    private final int comcatRank;
    private final float scale;
    private final AdaptedProjection query;
    private final AdaptedProjection key;
    private final AdaptedProjection value;
    private final AdaptedProjection output;
    private final Linear queryBranch;
    private final Linear keyBranch;
    private final Linear valueBranch;
    private final Linear outputBranch;

    public ConditionedAttention(int width, int heads, AttentionAdapter adapter) {
        this.heads = heads;
        this.headWidth = width / heads;
        this.scale = (float) (1.0 / Math.sqrt(headWidth));
        int loraRank = adapter.kind() == AttentionAdapter.Kind.LORA ? adapter.rank() : 0;
        query = addChildBlock("query", new AdaptedProjection(width, loraRank));
        key = addChildBlock("key", new AdaptedProjection(width, loraRank));
        value = addChildBlock("value", new AdaptedProjection(width, loraRank));
        output = addChildBlock("output", new AdaptedProjection(width, loraRank));
        comcatRank = adapter.kind() == AttentionAdapter.Kind.COMCAT ? adapter.rank() : 0;
        if (comcatRank > 0) {
            queryBranch = addChildBlock("queryBranch", branch(heads * comcatRank));
            keyBranch = addChildBlock("keyBranch", branch(heads * comcatRank));
            valueBranch = addChildBlock("valueBranch", branch(heads * comcatRank));
            outputBranch = addChildBlock("outputBranch", branch(width));
        } else {
            queryBranch = keyBranch = valueBranch = outputBranch = null;
        }
    }

    private static Linear branch(int units) {
        return Linear.builder().setUnits(units).optBias(false).build();
    }

    public AdaptedProjection query() {
        return query;
    }

    public AdaptedProjection key() {
        return key;
    }

    public AdaptedProjection value() {
        return value;
    }

    public AdaptedProjection output() {
        return output;
    }

    /** The COMCAT branches q′, k′, v′, o′ (each head's r columns side by side); empty without a COMCAT adapter. */
    public List<Linear> comcatBranches() {
        return comcatRank == 0 ? List.of() : List.of(queryBranch, keyBranch, valueBranch, outputBranch);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.get(0);
        NDArray context = inputs.size() > 1 ? inputs.get(1) : tokens;
        long batch = tokens.getShape().get(0);
        long length = tokens.getShape().get(1);
        long contextLength = context.getShape().get(1);
        NDArray queries = split(project(query, parameterStore, tokens, training), batch, length, headWidth);
        NDArray keys = split(project(key, parameterStore, context, training), batch, contextLength, headWidth);
        NDArray values = split(project(value, parameterStore, context, training), batch, contextLength, headWidth);
        NDArray logits = queries.matMul(keys.transpose(0, 1, 3, 2));
        if (comcatRank > 0) {
            NDArray branchQueries =
                    split(project(queryBranch, parameterStore, tokens, training), batch, length, comcatRank);
            NDArray branchKeys =
                    split(project(keyBranch, parameterStore, context, training), batch, contextLength, comcatRank);
            logits = logits.add(branchQueries.matMul(branchKeys.transpose(0, 1, 3, 2)));
        }
        NDArray weights = Scalars.times(logits, scale).softmax(-1);
        NDArray attended = project(output, parameterStore, merge(weights.matMul(values), batch, length), training);
        if (comcatRank == 0) {
            return new NDList(attended);
        }
        NDArray branchValues =
                split(project(valueBranch, parameterStore, context, training), batch, contextLength, comcatRank);
        NDArray branchContext = merge(weights.matMul(branchValues), batch, length);
        return new NDList(attended.add(project(outputBranch, parameterStore, branchContext, training)));
    }

    private static NDArray project(Block projection, ParameterStore parameterStore, NDArray input, boolean training) {
        return projection.forward(parameterStore, new NDList(input), training).singletonOrThrow();
    }

    private NDArray split(NDArray projected, long batch, long length, int width) {
        return projected.reshape(batch, length, heads, width).transpose(0, 2, 1, 3);
    }

    private static NDArray merge(NDArray perHead, long batch, long length) {
        return perHead.transpose(0, 2, 1, 3).reshape(batch, length, -1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        Shape context = inputShapes.length > 1 ? inputShapes[1] : tokens;
        query.initialize(manager, dataType, tokens);
        key.initialize(manager, dataType, context);
        value.initialize(manager, dataType, context);
        output.initialize(manager, dataType, tokens);
        if (comcatRank > 0) {
            queryBranch.initialize(manager, dataType, tokens);
            keyBranch.initialize(manager, dataType, context);
            valueBranch.initialize(manager, dataType, context);
            outputBranch.initialize(
                    manager, dataType, new Shape(tokens.get(0), tokens.get(1), (long) heads * comcatRank));
        }
    }
}
