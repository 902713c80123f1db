package org.ranksweep.worker.diffusion;

/**
 * How a generator is trained or customized: {@code steps} Adam steps of {@code batch} images at a constant
 * {@code learningRate} (no weight decay), the prompt replaced by the null prompt with probability
 * {@code promptDropout} (what classifier-free guidance needs), every random choice (images, timesteps, noise,
 * dropout) drawn from {@code seed}.
 */
public record DiffusionTraining(int steps, int batch, double learningRate, double promptDropout, long seed) {

    public DiffusionTraining {
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException("steps and batch must be positive, got " + steps + " and " + batch);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (promptDropout < 0 || promptDropout >= 1) {
            throw new IllegalArgumentException("prompt dropout must be in [0, 1), got " + promptDropout);
        }
    }
}
