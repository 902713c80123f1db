package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.model.TorchRuntime;

/** A generator small enough for unit tests (8×8 images, 4 tokens, width 16) and the data it is trained on. */
final class TinyGenerator {

    static final DiffusionShape SHAPE = new DiffusionShape(8, 1, 4, 16, 2, 2, 8, 1, 2, 2);
    static final NoiseSchedule SCHEDULE = NoiseSchedule.of(NoiseSchedule.Kind.COSINE, 100);

    private TinyGenerator() {}

    /** A base with non-zero head, then the same weights in a model with {@code adapter}. */
    static DiffusionTransformer adapted(NDManager manager, AttentionAdapter adapter, long seed) {
        DiffusionTransformer base = base(manager, seed);
        DiffusionTransformer adapted = DiffusionModels.create(SHAPE, adapter, manager, seed + 1);
        DiffusionModels.copyBase(base, adapted);
        return adapted;
    }

    /** A base briefly trained so that no parameter is at a special value (the head starts at zero). */
    static DiffusionTransformer base(NDManager manager, long seed) {
        TorchRuntime.start(2);
        DiffusionTransformer base = DiffusionModels.create(SHAPE, AttentionAdapter.none(), manager, seed);
        new DiffusionTrainer(base, SCHEDULE, new DiffusionTraining(3, 4, 1e-2, 0.2, seed))
                .train(
                        images(16, seed),
                        TinyGenerator::prompt,
                        base.getParameters().stream().toList(),
                        manager,
                        (step, loss) -> {});
        return base;
    }

    static int[] prompt(int label) {
        return Prompts.tokens(Prompts.classPrompt(label));
    }

    /** Random 8×8 grey images labelled 0..7. */
    static ImageSet images(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 64];
        int[] labels = new int[count];
        for (int index = 0; index < count; index++) {
            labels[index] = index % 8;
            for (int offset = 0; offset < 64; offset++) {
                pixels[index * 64 + offset] = (byte) random.nextInt(256);
            }
        }
        return new ImageSet(pixels, labels, 1, 8, 8);
    }

    /** ε̂ for a fixed noisy batch, prompts and timesteps. */
    static float[] predict(DiffusionTransformer model, NDManager manager) {
        TorchRuntime.disableGradients();
        SplittableRandom random = new SplittableRandom(5);
        float[] noisy = new float[3 * 64];
        for (int index = 0; index < noisy.length; index++) {
            noisy[index] = (float) random.nextGaussian();
        }
        long[] prompts = new long[3 * Prompts.LENGTH];
        int[][] rows = {prompt(2), Prompts.tokens(Prompts.conceptPrompt()), Prompts.nullTokens()};
        for (int row = 0; row < 3; row++) {
            for (int token = 0; token < Prompts.LENGTH; token++) {
                prompts[row * Prompts.LENGTH + token] = rows[row][token];
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDList inputs = new NDList(
                    scope.create(noisy, new Shape(3, 1, 8, 8)),
                    scope.create(new float[] {3, 50, 97}),
                    scope.create(prompts, new Shape(3, Prompts.LENGTH)));
            NDArray output = model.forward(new ParameterStore(manager, false), inputs, false)
                    .singletonOrThrow();
            return output.toFloatArray();
        }
    }

    /** Every parameter's values by name. */
    static Map<String, float[]> values(DiffusionTransformer model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : model.getParameters()) {
            values.put(entry.getKey(), entry.getValue().getArray().toFloatArray());
        }
        return values;
    }

    static List<Pair<String, Parameter>> all(DiffusionTransformer model) {
        return model.getParameters().stream().toList();
    }
}
