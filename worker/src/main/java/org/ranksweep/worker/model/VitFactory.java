package org.ranksweep.worker.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ranksweep.core.cost.BlockPlan;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.model.VitShape;

/**
 * Builds Vision Transformers of the contract's structure from a {@link ModelPlan}, wraps them in DJL
 * {@link Model}s that own their parameters, and initialises, saves and loads them. Thread-safe (stateless).
 */
public final class VitFactory {

    private VitFactory() {}

    /** The dense model of a shape. Not yet initialised. */
    public static VisionTransformerBlock dense(VitShape shape) {
        return build(ModelPlan.dense(shape));
    }

    /** The model a plan describes: per block its attention form and MLP ranks, and the head's rank. Not initialised. */
    public static VisionTransformerBlock build(ModelPlan plan) {
        VitShape shape = plan.shape();
        List<EncoderBlock> blocks = new ArrayList<>();
        for (BlockPlan block : plan.blocks()) {
            blocks.add(new EncoderBlock(
                    attention(shape, block),
                    linear(shape.mlpHidden(), block.fc1Rank()),
                    linear(shape.width(), block.fc2Rank())));
        }
        return new VisionTransformerBlock(shape, blocks, linear(shape.classes(), plan.headRank()));
    }

    private static AttentionBlock attention(VitShape shape, BlockPlan block) {
        if (block instanceof HeadLevelBlock headLevel) {
            return AttentionBlock.headLevel(
                    shape.width(), headLevel.heads(), headLevel.qkRank(), headLevel.voRank(), shape.headWidth());
        }
        if (block instanceof MatrixLevelBlock matrix) {
            return AttentionBlock.matrixLevel(
                    shape.width(), shape.heads(), matrix.rq(), matrix.rk(), matrix.rv(), matrix.ro());
        }
        return AttentionBlock.dense(shape.width(), shape.heads());
    }

    private static Block linear(int units, Integer rank) {
        return rank == null
                ? Linear.builder().setUnits(units).optBias(true).build()
                : new FactorizedLinearBlock(rank, units);
    }

    /**
     * Names the initialisation {@link #initialize} applies; a base model trained from another initialisation must not
     * be mistaken for one trained from this one (it is part of the base model cache key).
     */
    public static final String INITIALIZATION = "timm-truncnormal-0.02";

    /**
     * Initialises a built model's parameters deterministically from {@code seed} as timm does for ViTs: every Linear
     * and patch-embedding (Conv2d) weight, the class token and the positions from a normal with standard deviation
     * 0.02 truncated at two standard deviations; zero biases; LayerNorm gamma 1, beta 0.
     */
    public static void initialize(VisionTransformerBlock model, NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        model.setInitializer(
                new SeededInitializer(SeededInitializer.Kind.TRUNCATED_NORMAL, random), Parameter.Type.WEIGHT);
        model.setInitializer(
                new SeededInitializer(SeededInitializer.Kind.TRUNCATED_NORMAL, random), Parameter.Type.OTHER);
        model.initialize(manager, DataType.FLOAT32, model.inputShape(1));
    }

    /** A new DJL model (the caller closes it) holding the plan's ViT, initialised from {@code seed}. */
    public static Model create(String name, ModelPlan plan, long seed) {
        Model model = Model.newInstance(name);
        VisionTransformerBlock block = build(plan);
        model.setBlock(block);
        initialize(block, model.getNDManager(), seed);
        return model;
    }

    /** A new DJL model holding the plan's ViT with parameters read from {@code <directory>/<prefix>-NNNN.params}. */
    public static Model load(String name, ModelPlan plan, Path directory, String prefix) throws IOException {
        Model model = Model.newInstance(name);
        try {
            VisionTransformerBlock block = build(plan);
            model.setBlock(block);
            // Loading restores the input shapes but not the input names a block gets when it is initialised, and
            // DJL cannot save a block whose names and shapes differ: initialise first, then overwrite the values.
            initialize(block, model.getNDManager(), 0);
            model.load(directory, prefix);
            // Loaded arrays record no gradients; a loaded model must be as trainable as a fresh one.
            for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
                if (entry.getValue().requiresGradient()) {
                    entry.getValue().getArray().setRequiresGradient(true);
                }
            }
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw e instanceof IOException io
                    ? io
                    : new IOException("cannot load " + prefix + " from " + directory + ": " + Failures.describe(e), e);
        }
    }

    /** The ViT inside a model made by this factory. */
    public static VisionTransformerBlock vit(Model model) {
        return (VisionTransformerBlock) model.getBlock();
    }
}
