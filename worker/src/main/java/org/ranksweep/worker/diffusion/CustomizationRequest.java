package org.ranksweep.worker.diffusion;

/**
 * One customization: teach the base generator class {@code concept} as "v*" from {@code shots} of its training
 * images by {@code method} (at {@code rank} where the method has one), {@code steps} Adam steps of {@code batch}
 * images at {@code learningRate}; {@code seed} picks the shots and drives training.
 */
public record CustomizationRequest(
        CustomizationMethod method,
        int rank,
        int concept,
        int shots,
        int steps,
        int batch,
        double learningRate,
        long seed) {

    public CustomizationRequest {
        if (shots < 1) {
            throw new IllegalArgumentException("shots must be at least 1, got " + shots);
        }
        if ((method == CustomizationMethod.LORA || method == CustomizationMethod.COMCAT_ADAPTER) && rank < 1) {
            throw new IllegalArgumentException(method.label() + " needs a rank of at least 1, got " + rank);
        }
    }

    /** The training settings: no prompt dropout (every step sees the concept prompt). */
    public DiffusionTraining training() {
        return new DiffusionTraining(steps, batch, learningRate, 0, seed);
    }
}
