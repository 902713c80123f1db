package org.ranksweep.worker.diffusion;

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
     * Fashion-MNIST's generator: 64 wide, 4 blocks of 4 heads, a 2-block prompt encoder; cosine schedule over
     * 1,000 steps; 3,000 Adam steps of 128 images (8 epochs of the 48,000 images of classes 0–7) at 1e-3 with the
     * prompt dropped 10 % of the time.
     */
    public static GeneratorRecipe fashionMnist() {
        return new GeneratorRecipe(
                new DiffusionShape(28, 1, 4, 64, 4, 4, 64, 2, 2, 4),
                NoiseSchedule.Kind.COSINE,
                1000,
                new DiffusionTraining(3000, 128, 1e-3, 0.1, 7),
                1,
                8);
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, timesteps);
    }
}
