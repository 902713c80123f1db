package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A text-to-image noise predictor: inputs (noisy images (batch, C, H, W), timesteps (batch) as floats, prompt token
 * ids (batch, L) as int64), output the predicted noise ε (batch, C, H, W). The prompt goes through a
 * {@link TextEncoderBlock}; the image is cut into patches (Conv2d, kernel = stride = patch) with learned positions;
 * the timestep's sinusoidal embedding goes through a two-layer SiLU MLP and is added in every
 * {@link DenoiserBlock}; a LayerNorm and a linear head give each patch's pixels back. Thread-safe for forward passes
 * once initialised.
 */
public final class DiffusionTransformer extends AbstractBlock {

    private final DiffusionShape shape;
    private final AttentionAdapter adapter;
    private final TextEncoderBlock textEncoder;
    private final Conv2d patchEmbedding;
    private final Parameter positions;
    private final Linear timeHidden;
    private final Linear timeOutput;
    private final List<DenoiserBlock> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear head;

    public DiffusionTransformer(DiffusionShape shape, AttentionAdapter adapter) {
        this.shape = shape;
        this.adapter = adapter;
        int width = shape.width();
        textEncoder = addChildBlock("textEncoder", new TextEncoderBlock(shape));
        patchEmbedding = addChildBlock(
                "patchEmbedding",
                Conv2d.builder()
                        .setFilters(width)
                        .setKernelShape(new Shape(shape.patch(), shape.patch()))
                        .optStride(new Shape(shape.patch(), shape.patch()))
                        .optBias(true)
                        .build());
        positions = addParameter(Parameter.builder()
                .setName("positions")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, shape.tokens(), width))
                .build());
        timeHidden = addChildBlock(
                "timeHidden", Linear.builder().setUnits(width).optBias(true).build());
        timeOutput = addChildBlock(
                "timeOutput", Linear.builder().setUnits(width).optBias(true).build());
        for (int index = 0; index < shape.depth(); index++) {
            blocks.add(addChildBlock("block" + index, new DenoiserBlock(shape, adapter)));
        }
        finalNorm = addChildBlock("finalNorm", DenoiserBlock.tokenNorm());
        head = addChildBlock(
                "head",
                Linear.builder()
                        .setUnits((long) shape.patch() * shape.patch() * shape.channels())
                        .optBias(true)
                        .build());
    }

    public DiffusionShape shape() {
        return shape;
    }

    public AttentionAdapter adapter() {
        return adapter;
    }

    public TextEncoderBlock textEncoder() {
        return textEncoder;
    }

    public List<DenoiserBlock> blocks() {
        return List.copyOf(blocks);
    }

    public Linear head() {
        return head;
    }

    /** The shapes of the three inputs for a batch of {@code batch}. */
    public Shape[] inputShapes(long batch) {
        return new Shape[] {
            new Shape(batch, shape.channels(), shape.imageSize(), shape.imageSize()),
            new Shape(batch),
            new Shape(batch, Prompts.LENGTH)
        };
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.get(0);
        NDArray prompt = textEncoder
                .forward(parameterStore, new NDList(inputs.get(2)), training)
                .singletonOrThrow();
        NDArray time = embedTime(parameterStore, inputs.get(1), training);
        long batch = images.getShape().get(0);
        NDArray patches = patchEmbedding
                .forward(parameterStore, new NDList(images), training)
                .singletonOrThrow();
        NDArray tokens = patches.reshape(batch, shape.width(), -1)
                .transpose(0, 2, 1)
                .add(parameterStore.getValue(positions, images.getDevice(), training));
        NDList hidden = new NDList(tokens);
        for (DenoiserBlock block : blocks) {
            hidden = block.forward(parameterStore, new NDList(hidden.singletonOrThrow(), prompt, time), training);
        }
        NDArray pixels = head.forward(parameterStore, finalNorm.forward(parameterStore, hidden, training), training)
                .singletonOrThrow();
        return new NDList(unpatchify(pixels, batch));
    }

    private NDArray embedTime(ParameterStore parameterStore, NDArray timesteps, boolean training) {
        NDArray sinusoid = sinusoid(timesteps, shape.width());
        NDArray hidden = timeHidden
                .forward(parameterStore, new NDList(sinusoid), training)
                .singletonOrThrow();
        NDArray activated = hidden.mul(Activation.sigmoid(hidden));
        return timeOutput
                .forward(parameterStore, new NDList(activated), training)
                .singletonOrThrow();
    }

    /** The transformer's sinusoidal position code of each timestep: (batch, width), sines then cosines. */
    static NDArray sinusoid(NDArray timesteps, int width) {
        int half = width / 2;
        float[] frequencies = new float[half];
        for (int index = 0; index < half; index++) {
            frequencies[index] = (float) Math.exp(-Math.log(10_000) * index / half);
        }
        NDArray angles = timesteps
                .toType(DataType.FLOAT32, false)
                .expandDims(1)
                .mul(timesteps.getManager().create(frequencies).expandDims(0));
        return angles.sin().concat(angles.cos(), 1);
    }

    /** (batch, N, p·p·C) → (batch, C, H, W). */
    private NDArray unpatchify(NDArray pixels, long batch) {
        int grid = shape.grid();
        int patch = shape.patch();
        return pixels.reshape(batch, grid, grid, patch, patch, shape.channels())
                .transpose(0, 5, 1, 3, 2, 4)
                .reshape(batch, shape.channels(), shape.imageSize(), shape.imageSize());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape prompt = new Shape(batch, Prompts.LENGTH, shape.textWidth());
        Shape tokens = new Shape(batch, shape.tokens(), shape.width());
        Shape time = new Shape(batch, shape.width());
        textEncoder.initialize(manager, dataType, inputShapes[2]);
        patchEmbedding.initialize(manager, dataType, inputShapes[0]);
        timeHidden.initialize(manager, dataType, time);
        timeOutput.initialize(manager, dataType, time);
        for (DenoiserBlock block : blocks) {
            block.initialize(manager, dataType, tokens, prompt, time);
        }
        finalNorm.initialize(manager, dataType, tokens);
        head.initialize(manager, dataType, tokens);
    }
}
