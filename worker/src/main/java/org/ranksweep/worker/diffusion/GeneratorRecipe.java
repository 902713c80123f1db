package org.ranksweep.worker.diffusion;

import java.util.Locale;
import org.ranksweep.core.spec.GeneratorSpec;

/**
 * Everything that determines a trained base generator: its shape, noise schedule, training, the seed its weights
 * start from, and the classes it sees (labels below {@code seenClasses}; the rest are the concepts left to teach).
 */
public record GeneratorRecipe(
        DiffusionShape shape,
        NoiseSchedule.Kind schedule,
        int timesteps,
        DiffusionTraining training,
        long initSeed,
        int seenClasses) {

    /**
     * The base generator is sampled from the exponential moving average of its weights, as DDPM and DiT are: on the
     * default recipe's 3,000 steps it raised the share of seen-class samples a judge recognises from 0.30 to 0.40
     * at guidance 3 (docs/customization.md, "The base generator's samples").
     */
    public static final double EMA_DECAY = 0.999;

    /**
     * Fashion-MNIST's generator: 64 wide, 4 blocks of 4 heads, a 2-block prompt encoder; cosine schedule over
     * 1,000 steps; 3,000 Adam steps of 128 images (8 epochs of the 48,000 images of classes 0–7) at 1e-3 with the
     * prompt dropped 10 % of the time.
     */
    public static GeneratorRecipe fashionMnist() {
        return of(GeneratorSpec.defaults(), 28, 1);
    }

    /**
     * The recipe a spec's {@code customization.generator} describes for {@code imageSize}×{@code imageSize} images
     * of {@code channels} channels: the prompt encoder {@code width} wide with half the heads, MLPs 4× wide, 1,000
     * noise steps, the prompt dropped 10 % of the time, training seed 7, weights from seed 1.
     */
    public static GeneratorRecipe of(GeneratorSpec spec, int imageSize, int channels) {
        return new GeneratorRecipe(
                new DiffusionShape(
                        imageSize,
                        channels,
                        spec.patch(),
                        spec.width(),
                        spec.depth(),
                        spec.heads(),
                        spec.width(),
                        spec.textDepth(),
                        GeneratorSpec.textHeads(spec.heads()),
                        4),
                NoiseSchedule.Kind.valueOf(spec.schedule().toUpperCase(Locale.ROOT)),
                1000,
                new DiffusionTraining(spec.steps(), spec.batch(), spec.lr(), 0.1, 7, EMA_DECAY),
                1,
                spec.seenClasses());
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, timesteps);
    }
}
