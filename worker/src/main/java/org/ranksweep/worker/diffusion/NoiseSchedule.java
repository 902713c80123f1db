package org.ranksweep.worker.diffusion;

/**
 * The forward process of a denoising diffusion model over {@code T} steps: β_t, and ᾱ_t = Π_{s≤t}(1 − β_s), for
 * t = 1..T (index t − 1 in the arrays). Immutable and thread-safe.
 */
public final class NoiseSchedule {

    /** How β_t is laid out over the steps. */
    public enum Kind {
        /** β linear from 1e-4 to 0.02 (Ho et al. 2020). */
        LINEAR,
        /** ᾱ_t = cos²(((t/T + s)/(1 + s))·π/2) normalised, s = 0.008, β clipped at 0.999 (Nichol and Dhariwal 2021). */
        COSINE
    }

    private static final double COSINE_OFFSET = 0.008;
    private static final double MAX_BETA = 0.999;

    private final Kind kind;
    private final double[] betas;
    private final double[] alphaBars;

    private NoiseSchedule(Kind kind, double[] betas) {
        this.kind = kind;
        this.betas = betas;
        alphaBars = new double[betas.length];
        double product = 1;
        for (int step = 0; step < betas.length; step++) {
            product *= 1 - betas[step];
            alphaBars[step] = product;
        }
    }

    /** The schedule of {@code kind} over {@code steps} steps. */
    public static NoiseSchedule of(Kind kind, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a noise schedule needs at least 2 steps, got " + steps);
        }
        double[] betas = new double[steps];
        for (int step = 0; step < steps; step++) {
            betas[step] = kind == Kind.LINEAR
                    ? 1e-4 + (0.02 - 1e-4) * step / (steps - 1)
                    : Math.min(MAX_BETA, 1 - cosineAlphaBar(step + 1, steps) / cosineAlphaBar(step, steps));
        }
        return new NoiseSchedule(kind, betas);
    }

    private static double cosineAlphaBar(int step, int steps) {
        double angle = ((double) step / steps + COSINE_OFFSET) / (1 + COSINE_OFFSET) * Math.PI / 2;
        double start = Math.cos(COSINE_OFFSET / (1 + COSINE_OFFSET) * Math.PI / 2);
        return Math.pow(Math.cos(angle), 2) / (start * start);
    }

    public Kind kind() {
        return kind;
    }

    /** T. */
    public int steps() {
        return betas.length;
    }

    /** β_t for t in 1..T. */
    public double beta(int t) {
        return betas[t - 1];
    }

    /** ᾱ_t for t in 1..T; ᾱ_0 = 1 by convention. */
    public double alphaBar(int t) {
        return t == 0 ? 1 : alphaBars[t - 1];
    }

    /** ᾱ_1..ᾱ_T. */
    public double[] alphaBars() {
        return alphaBars.clone();
    }

    /**
     * {@code count} timesteps of a DDIM trajectory, from T down to the smallest, evenly spaced (the "trailing"
     * spacing, which starts from pure noise at T).
     */
    public int[] samplingSteps(int count) {
        if (count < 1 || count > steps()) {
            throw new IllegalArgumentException("sampling steps must be in 1.." + steps() + ", got " + count);
        }
        int[] trajectory = new int[count];
        for (int index = 0; index < count; index++) {
            trajectory[index] = (int) Math.round((double) steps() * (count - index) / count);
        }
        return trajectory;
    }

    @Override
    public String toString() {
        return kind + "(" + steps() + " steps, ᾱ_T=" + alphaBars[steps() - 1] + ")";
    }
}
