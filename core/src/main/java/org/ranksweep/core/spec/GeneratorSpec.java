package org.ranksweep.core.spec;

/**
 * The base generator of a customization sweep: a DiT-style denoiser of {@code depth} blocks of {@code heads} heads,
 * {@code width} wide, over {@code patch}×{@code patch} patches, conditioned on a prompt encoder of {@code textDepth}
 * blocks ({@code width} wide, {@link #textHeads half the heads}); trained for {@code steps} Adam steps of {@code batch} images at {@code lr} on the classes below
 * {@code seenClasses} under a {@code schedule} noise schedule of 1,000 steps.
 */
public record GeneratorSpec(
        int width,
        int depth,
        int heads,
        int patch,
        int textDepth,
        int seenClasses,
        int steps,
        int batch,
        double lr,
        String schedule) {

    /** Fashion-MNIST's generator: 64 wide, 4 blocks of 4 heads, 4×4 patches, 3,000 steps of 128 at 1e-3. */
    public static GeneratorSpec defaults() {
        return new GeneratorSpec(64, 4, 4, 4, 2, 8, 3000, 128, 1e-3, SpecNames.COSINE);
    }

    /** The prompt encoder is {@code width} wide with half the denoiser's heads (at least one). */
    public static int textHeads(int heads) {
        return Math.max(1, heads / 2);
    }
}
