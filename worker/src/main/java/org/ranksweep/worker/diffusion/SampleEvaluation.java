package org.ranksweep.worker.diffusion;

import org.ranksweep.core.spec.SamplingSpec;

/**
 * How generated samples are judged: {@code conceptSamples} of the concept prompt (fidelity, Fréchet distance),
 * {@code retentionSamples} per seen class (retention), DDIM with {@code ddimSteps} steps and guidance
 * {@code guidance}, in batches of {@code batch}.
 */
public record SampleEvaluation(int conceptSamples, int retentionSamples, int ddimSteps, double guidance, int batch) {

    /** What a spec's {@code customization.sampling} asks for, sampled in batches of 128. */
    public static SampleEvaluation of(SamplingSpec spec) {
        return new SampleEvaluation(spec.concept(), spec.perClass(), spec.ddimSteps(), spec.guidance(), 128);
    }

    /** The spec's defaults: 256 concept samples, 32 per seen class, 50 DDIM steps, guidance 1.5. */
    public static SampleEvaluation standard() {
        return of(SamplingSpec.defaults());
    }
}
