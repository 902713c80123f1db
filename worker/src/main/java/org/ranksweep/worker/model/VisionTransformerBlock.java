package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ranksweep.core.model.VitShape;

/**
 * The whole pre-LayerNorm ViT: patch embedding, encoder blocks, final LayerNorm, classifier head on the class
 * token. Its forward returns the logits (batch, K) first; when the forward's parameters carry
 * {@link #FEATURE_BLOCKS} (a collection of block indices), the outputs of those blocks follow in index order, for
 * feature alignment. When they carry {@link RankMasks#KEY}, the masks scale the factorised components of each
 * block's attention, MLP and the classifier (a rank-search supernet). When they carry {@link DropPath#KEY} and the
 * forward is a training one, each block drops its residual branches per sample (stochastic depth). Thread-safe for
 * forward passes once initialised.
 */
public final class VisionTransformerBlock extends AbstractBlock {

    /** Forward parameter key: block indices whose outputs are appended to the result. */
    public static final String FEATURE_BLOCKS = "featureBlocks";

    private final VitShape shape;
    private final PatchEmbeddingBlock embedding;
    private final List<EncoderBlock> blocks;
    private final LayerNorm finalNorm;
    private final Block head;

    public VisionTransformerBlock(VitShape shape, List<EncoderBlock> blocks, Block head) {
        this.shape = shape;
        embedding = addChildBlock("embedding", new PatchEmbeddingBlock(shape.width(), shape.patch(), shape.tokens()));
        List<EncoderBlock> added = new ArrayList<>();
        for (int index = 0; index < blocks.size(); index++) {
            added.add(addChildBlock("block" + index, blocks.get(index)));
        }
        this.blocks = List.copyOf(added);
        finalNorm = addChildBlock("finalNorm", EncoderBlock.tokenNorm());
        this.head = addChildBlock("head", head);
    }

    public VitShape shape() {
        return shape;
    }

    public PatchEmbeddingBlock embedding() {
        return embedding;
    }

    public List<EncoderBlock> blocks() {
        return blocks;
    }

    public LayerNorm finalNorm() {
        return finalNorm;
    }

    /** The classifier: a Linear(d→K) or a {@link FactorizedLinearBlock}. */
    public Block head() {
        return head;
    }

    /**
     * Reads the saved input shapes and names them as {@code initialize} would ({@code data0}, ...): DJL restores
     * only the shapes, so a model loaded from a file could not be saved again ({@code describeInput} pairs names
     * with shapes and failed with "key value size mismatch" — the dense trial on a cached base model).
     */
    @Override
    protected void readInputShapes(DataInputStream is) throws IOException {
        super.readInputShapes(is);
        if (inputNames.size() != inputShapes.length) {
            List<String> names = new ArrayList<>();
            for (int index = 0; index < inputShapes.length; index++) {
                names.add("data" + index);
            }
            inputNames = names;
        }
    }

    /** Input shape (batch, c, H, W) of a batch of images. */
    public Shape inputShape(long batch) {
        return new Shape(batch, shape.channels(), shape.imageSize(), shape.imageSize());
    }

    /** Forward parameters asking for the outputs of the given blocks besides the logits. */
    public static PairList<String, Object> featureRequest(Collection<Integer> blockIndices) {
        PairList<String, Object> params = new PairList<>();
        params.add(FEATURE_BLOCKS, List.copyOf(blockIndices));
        return params;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        Collection<?> featureBlocks = params == null || params.get(FEATURE_BLOCKS) == null
                ? List.of()
                : (Collection<?>) params.get(FEATURE_BLOCKS);
        RankMasks masks = RankMasks.find(params, RankMasks.KEY, RankMasks.class);
        DropPath dropPath = training ? RankMasks.find(params, DropPath.KEY, DropPath.class) : null;
        NDList features = new NDList();
        NDList tokens = embedding.forward(parameterStore, inputs, training);
        for (int index = 0; index < blocks.size(); index++) {
            tokens = blocks.get(index)
                    .forward(parameterStore, tokens, training, blockParameters(masks, dropPath, index));
            if (featureBlocks.contains(index)) {
                features.add(tokens.singletonOrThrow());
            }
        }
        NDArray normed = finalNorm.forward(parameterStore, tokens, training).singletonOrThrow();
        NDArray classTokens = normed.get(":, 0, :");
        NDList result = head.forward(
                parameterStore,
                new NDList(classTokens),
                training,
                masks == null ? null : RankMasks.forLinear(masks.head()));
        result.addAll(features);
        return result;
    }

    /** Block {@code index}'s masks and drop-path, either may be absent; null when both are. */
    private PairList<String, Object> blockParameters(RankMasks masks, DropPath dropPath, int index) {
        PairList<String, Object> params = masks == null ? null : masks.forBlock(index);
        if (dropPath == null) {
            return params;
        }
        PairList<String, Object> withDropPath = params == null ? new PairList<>() : params;
        withDropPath.add(DropPath.BLOCK_KEY, dropPath.forBlock(index, blocks.size()));
        return withDropPath;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), shape.classes())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        embedding.initialize(manager, dataType, inputShapes);
        Shape tokens = embedding.getOutputShapes(inputShapes)[0];
        for (EncoderBlock block : blocks) {
            block.initialize(manager, dataType, tokens);
        }
        finalNorm.initialize(manager, dataType, tokens);
        head.initialize(manager, dataType, new Shape(tokens.get(0), tokens.get(2)));
    }
}
