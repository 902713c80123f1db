package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.model.Scalars;
import org.ranksweep.worker.model.TorchRuntime;

/**
 * Deterministic DDIM sampling (η = 0, Song et al. 2021) with classifier-free guidance: from x_T ~ N(0, I) drawn
 * from the seed, at each step of the trajectory ε = ε̂(x, t, ∅) + w·(ε̂(x, t, prompt) − ε̂(x, t, ∅)),
 * x̂₀ = (x − √(1 − ᾱ_t) ε)/√ᾱ_t clipped to [−1, 1], x ← √ᾱ_s x̂₀ + √(1 − ᾱ_s) ε for the next timestep s (ᾱ_0 = 1).
 * Samples are returned as 8-bit images, as a PNG would store them. Thread-safe for concurrent calls on different
 * threads once the model is initialised.
 */
public final class DdimSampler {

    private final DiffusionTransformer model;
    private final NoiseSchedule schedule;
    private final int[] trajectory;
    private final double guidance;

    /**
     * @param steps    DDIM steps (50 is the usual)
     * @param guidance the classifier-free guidance weight w (1 is the conditional model alone)
     */
    public DdimSampler(DiffusionTransformer model, NoiseSchedule schedule, int steps, double guidance) {
        this.model = model;
        this.schedule = schedule;
        this.trajectory = schedule.samplingSteps(steps);
        this.guidance = guidance;
    }

    /**
     * {@code count} samples of {@code prompt} (token ids), in batches of {@code batch}, from noise drawn from
     * {@code seed}; every sample is labelled {@code label}.
     */
    public ImageSet sample(int[] prompt, int count, int label, long seed, int batch, NDManager manager) {
        TorchRuntime.disableGradients();
        DiffusionShape shape = model.shape();
        int pixels = shape.channels() * shape.imageSize() * shape.imageSize();
        byte[] images = new byte[count * pixels];
        SplittableRandom random = new SplittableRandom(seed);
        ParameterStore parameterStore = new ParameterStore(manager, false);
        for (int start = 0; start < count; start += batch) {
            int size = Math.min(batch, count - start);
            float[] noise = new float[size * pixels];
            for (int index = 0; index < noise.length; index++) {
                noise[index] = (float) random.nextGaussian();
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x =
                        scope.create(noise, new Shape(size, shape.channels(), shape.imageSize(), shape.imageSize()));
                for (int index = 0; index < trajectory.length; index++) {
                    int next = index + 1 < trajectory.length ? trajectory[index + 1] : 0;
                    // One scope per step: an op's result belongs to its first operand's manager, so with x
                    // moved into the step's scope every activation of the step is freed with it.
                    try (NDManager stepScope = scope.newSubManager()) {
                        x.attach(stepScope);
                        x = step(
                                parameterStore,
                                stepScope,
                                x,
                                prompts(stepScope, prompt, size),
                                trajectory[index],
                                next);
                        x.attach(scope);
                    }
                }
                float[] values = x.toFloatArray();
                for (int index = 0; index < values.length; index++) {
                    long level = Math.round((Math.max(-1, Math.min(1, values[index])) + 1) * 127.5);
                    images[start * pixels + index] = (byte) level;
                }
            }
        }
        int[] labels = new int[count];
        Arrays.fill(labels, label);
        return new ImageSet(images, labels, shape.channels(), shape.imageSize(), shape.imageSize());
    }

    /** The prompt's ids for {@code size} samples, then the null prompt's for as many (one forward for both). */
    private static NDArray prompts(NDManager scope, int[] prompt, int size) {
        long[] ids = new long[2 * size * Prompts.LENGTH];
        for (int row = 0; row < size; row++) {
            for (int token = 0; token < Prompts.LENGTH; token++) {
                ids[row * Prompts.LENGTH + token] = prompt[token];
            }
        }
        return scope.create(ids, new Shape(2L * size, Prompts.LENGTH));
    }

    private NDArray step(ParameterStore parameterStore, NDManager scope, NDArray x, NDArray prompts, int t, int next) {
        long size = x.getShape().get(0);
        float[] timesteps = new float[(int) (2 * size)];
        Arrays.fill(timesteps, t);
        NDArray doubled = x.concat(x, 0);
        NDArray predicted = model.forward(parameterStore, new NDList(doubled, scope.create(timesteps), prompts), false)
                .singletonOrThrow();
        NDArray conditional = predicted.get("0:" + size);
        NDArray unconditional = predicted.get(size + ":");
        NDArray epsilon = unconditional.add(Scalars.times(conditional.sub(unconditional), guidance));
        double alphaBar = schedule.alphaBar(t);
        double nextAlphaBar = schedule.alphaBar(next);
        NDArray clean = Scalars.dividedBy(x.sub(Scalars.times(epsilon, Math.sqrt(1 - alphaBar))), Math.sqrt(alphaBar))
                .clip(-1, 1);
        return Scalars.times(clean, Math.sqrt(nextAlphaBar)).add(Scalars.times(epsilon, Math.sqrt(1 - nextAlphaBar)));
    }
}
