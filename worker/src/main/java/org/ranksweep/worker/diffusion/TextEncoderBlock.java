package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.EncoderBlock;

/**
 * The prompt encoder: token ids (batch, {@link Prompts#LENGTH}) → embeddings + positions → pre-LayerNorm transformer
 * blocks → LayerNorm, giving (batch, L, textWidth). The concept token's embedding is its own parameter
 * ({@link #conceptEmbedding()}), so it can be trained while every other word stays frozen. Thread-safe for forward
 * passes once initialised.
 */
public final class TextEncoderBlock extends AbstractBlock {

    private final int width;
    private final Parameter wordEmbeddings;
    private final Parameter conceptEmbedding;
    private final Parameter positions;
    private final List<EncoderBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    public TextEncoderBlock(DiffusionShape shape) {
        width = shape.textWidth();
        wordEmbeddings = addParameter(embedding("wordEmbeddings", Prompts.vocabularySize() - 1));
        conceptEmbedding = addParameter(embedding("conceptEmbedding", 1));
        positions = addParameter(Parameter.builder()
                .setName("positions")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, Prompts.LENGTH, width))
                .build());
        for (int index = 0; index < shape.textDepth(); index++) {
            blocks.add(addChildBlock(
                    "block" + index,
                    new EncoderBlock(
                            AttentionBlock.dense(width, shape.textHeads()),
                            Linear.builder()
                                    .setUnits((long) width * shape.mlpRatio())
                                    .optBias(true)
                                    .build(),
                            Linear.builder().setUnits(width).optBias(true).build())));
        }
        finalNorm = addChildBlock("finalNorm", DenoiserBlock.tokenNorm());
    }

    private Parameter embedding(String name, int rows) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(rows, width))
                .build();
    }

    /** The concept token's embedding row (1, textWidth). */
    public Parameter conceptEmbedding() {
        return conceptEmbedding;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray words = parameterStore.getValue(wordEmbeddings, ids.getDevice(), training);
        NDArray concept = parameterStore.getValue(conceptEmbedding, ids.getDevice(), training);
        NDArray table = words.concat(concept, 0);
        // The result of an op on parameters belongs to the model's manager: move it to the batch's.
        table.attach(ids.getManager());
        // A one-hot product is a lookup whose gradient reaches exactly the rows used.
        NDArray embedded =
                ids.oneHot(Prompts.vocabularySize(), DataType.FLOAT32).matMul(table);
        NDArray tokens = embedded.add(parameterStore.getValue(positions, ids.getDevice(), training));
        NDList hidden = new NDList(tokens);
        for (EncoderBlock block : blocks) {
            hidden = block.forward(parameterStore, hidden, training);
        }
        return finalNorm.forward(parameterStore, hidden, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), Prompts.LENGTH, width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = getOutputShapes(inputShapes)[0];
        for (EncoderBlock block : blocks) {
            block.initialize(manager, dataType, tokens);
        }
        finalNorm.initialize(manager, dataType, tokens);
    }
}
