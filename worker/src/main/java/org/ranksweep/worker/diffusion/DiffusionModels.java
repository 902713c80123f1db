package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.SeededInitializer;
import org.ranksweep.worker.model.TorchRuntime;

/**
 * Builds and initialises diffusion transformers, and carries a trained base into a model with adapters. Thread-safe
 * (stateless).
 */
public final class DiffusionModels {

    private DiffusionModels() {}

    /**
     * A new model initialised deterministically from {@code seed}: weights, positions and embeddings from a
     * truncated normal (σ 0.02), zero biases, LayerNorm 1/0, a zero output head (the first prediction is ε̂ = 0, as
     * DiT starts), and adapters as {@link #initializeAdapters} leaves them.
     */
    public static DiffusionTransformer create(
            DiffusionShape shape, AttentionAdapter adapter, NDManager manager, long seed) {
        // Writing parameter values in place is refused while the thread records gradients.
        TorchRuntime.disableGradients();
        DiffusionTransformer model = new DiffusionTransformer(shape, adapter);
        SplittableRandom random = new SplittableRandom(seed);
        model.setInitializer(
                new SeededInitializer(SeededInitializer.Kind.TRUNCATED_NORMAL, random), Parameter.Type.WEIGHT);
        model.setInitializer(
                new SeededInitializer(SeededInitializer.Kind.TRUNCATED_NORMAL, random), Parameter.Type.OTHER);
        model.initialize(manager, DataType.FLOAT32, model.inputShapes(1));
        fillZero(model.head());
        initializeAdapters(model, random.split());
        return model;
    }

    /**
     * Starts every adapter at the base model: LoRA's up factor and COMCAT's k′ and o′ are zero, LoRA's down factor
     * and COMCAT's q′ and v′ uniform in ±1/√fan-in (as PyTorch initialises a Linear), so the first gradient moves
     * the zero factors and the model begins exactly where the base is.
     */
    public static void initializeAdapters(DiffusionTransformer model, SplittableRandom random) {
        for (DenoiserBlock block : model.blocks()) {
            for (ConditionedAttention attention : List.of(block.selfAttention(), block.crossAttention())) {
                for (AdaptedProjection projection :
                        List.of(attention.query(), attention.key(), attention.value(), attention.output())) {
                    if (projection.loraDown() != null) {
                        fillUniform(projection.loraDown(), random);
                        fillZero(projection.loraUp());
                    }
                }
                if (!attention.comcatBranches().isEmpty()) {
                    fillUniform(attention.comcatBranches().get(0), random);
                    fillZero(attention.comcatBranches().get(1));
                    fillUniform(attention.comcatBranches().get(2), random);
                    fillZero(attention.comcatBranches().get(3));
                }
            }
        }
    }

    private static void fillUniform(Linear linear, SplittableRandom random) {
        Parameter weight = linear.getParameters().get("weight");
        long[] shape = weight.getArray().getShape().getShape();
        double bound = 1 / Math.sqrt(shape[1]);
        float[] values = new float[Math.toIntExact(weight.getArray().size())];
        for (int index = 0; index < values.length; index++) {
            values[index] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        ParameterValues.write(weight, values);
    }

    private static void fillZero(Linear linear) {
        Parameter weight = linear.getParameters().get("weight");
        ParameterValues.write(
                weight, new float[Math.toIntExact(weight.getArray().size())]);
    }

    /**
     * Copies every parameter of {@code base} into the parameter of the same name in {@code target} (a model of the
     * same shape, maybe with adapters); the target's adapter parameters keep their values.
     */
    public static void copyBase(DiffusionTransformer base, DiffusionTransformer target) {
        TorchRuntime.disableGradients();
        Map<String, Parameter> targets = new HashMap<>();
        for (Pair<String, Parameter> entry : target.getParameters()) {
            targets.put(entry.getKey(), entry.getValue());
        }
        for (Pair<String, Parameter> entry : base.getParameters()) {
            Parameter into = targets.get(entry.getKey());
            if (into == null) {
                throw new IllegalArgumentException("the target model has no parameter " + entry.getKey());
            }
            ParameterValues.copy(entry.getValue(), into);
        }
    }
}
