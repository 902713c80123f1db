package org.ranksweep.worker.diffusion;

/**
 * How a generator is trained or customized: {@code steps} Adam steps of {@code batch} images at a constant
 * {@code learningRate} (no weight decay), the prompt replaced by the null prompt with probability
 * {@code promptDropout} (what classifier-free guidance needs), every random choice (images, timesteps, noise,
 * dropout) drawn from {@code seed}. With an {@code emaDecay} in (0, 1) the trained weights are, at the end, replaced
 * by their exponential moving average over the steps (as diffusion models are usually sampled from); 0 keeps the
 * weights of the last step, as customization does.
 */
public record DiffusionTraining(
        int steps, int batch, double learningRate, double promptDropout, long seed, double emaDecay) {

    /** A training whose result is the weights of its last step. */
    public DiffusionTraining(int steps, int batch, double learningRate, double promptDropout, long seed) {
        this(steps, batch, learningRate, promptDropout, seed, 0);
    }

    public DiffusionTraining {
        if (emaDecay < 0 || emaDecay >= 1) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + emaDecay);
        }
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

    /**
     * The decay the average uses after step {@code step} (1, 2, …): {@code min(emaDecay, (1 + step) / (10 + step))},
     * so the first steps, far from the end, do not linger in it.
     */
    public double emaDecayAt(int step) {
        return Math.min(emaDecay, (1.0 + step) / (10.0 + step));
    }
}
