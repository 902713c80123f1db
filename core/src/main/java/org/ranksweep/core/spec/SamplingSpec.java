package org.ranksweep.core.spec;

/**
 * How a customization is judged: {@code concept} samples of "a photo of a v*" (fidelity, Fréchet distance) and
 * {@code perClass} samples of each seen class's prompt (retention), by DDIM with {@code ddimSteps} steps and
 * classifier-free guidance {@code guidance}.
 */
public record SamplingSpec(int concept, int perClass, int ddimSteps, double guidance) {

    public static SamplingSpec defaults() {
        return new SamplingSpec(256, 32, 50, 1.5);
    }
}
