package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.ranksweep.worker.data.ImageSet;

class DdimSamplerTest {

    @Test
    void samplingIsDeterministicForASeedAndDiffersAcrossSeeds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionTransformer model = TinyGenerator.base(manager, 11);
            DdimSampler sampler = new DdimSampler(model, TinyGenerator.SCHEDULE, 10, 3);
            int[] prompt = TinyGenerator.prompt(1);
            ImageSet first = sampler.sample(prompt, 5, 1, 42, 2, manager);
            ImageSet again = sampler.sample(prompt, 5, 1, 42, 4, manager);
            ImageSet other = sampler.sample(prompt, 5, 1, 43, 2, manager);
            assertThat(first.size()).isEqualTo(5);
            assertThat(pixels(again)).as("same seed, other batching").containsExactly(pixels(first));
            assertThat(pixels(other)).isNotEqualTo(pixels(first));
            assertThat(first.label(4)).isEqualTo(1);
        }
    }

    @Test
    void withoutGuidanceThePromptIsIgnoredAndWithItThePromptSteers() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionTransformer model = TinyGenerator.base(manager, 12);
            // w = 0 leaves only ε̂(x, t, ∅): two prompts give the same samples from the same noise.
            DdimSampler unguided = new DdimSampler(model, TinyGenerator.SCHEDULE, 10, 0);
            assertThat(pixels(unguided.sample(TinyGenerator.prompt(3), 3, 3, 7, 3, manager)))
                    .containsExactly(pixels(unguided.sample(TinyGenerator.prompt(5), 3, 5, 7, 3, manager)));
            DdimSampler guided = new DdimSampler(model, TinyGenerator.SCHEDULE, 10, 3);
            assertThat(pixels(guided.sample(TinyGenerator.prompt(3), 3, 3, 7, 3, manager)))
                    .isNotEqualTo(pixels(guided.sample(TinyGenerator.prompt(5), 3, 5, 7, 3, manager)));
        }
    }

    @Test
    void samplingLeavesNoArrayBehindInTheModelsOrTheCallersManager() {
        try (NDManager modelManager = NDManager.newBaseManager();
                NDManager manager = NDManager.newBaseManager()) {
            DiffusionTransformer model = TinyGenerator.base(modelManager, 13);
            DdimSampler sampler = new DdimSampler(model, TinyGenerator.SCHEDULE, 10, 3);
            sampler.sample(TinyGenerator.prompt(2), 3, 2, 1, 2, manager);
            int modelArrays = modelManager.getManagedArrays().size();
            int callerArrays = manager.getManagedArrays().size();
            sampler.sample(TinyGenerator.prompt(2), 5, 2, 2, 2, manager);
            assertThat(modelManager.getManagedArrays()).hasSize(modelArrays);
            assertThat(manager.getManagedArrays()).hasSize(callerArrays);
        }
    }

    private static int[] pixels(ImageSet images) {
        int[] values = new int[images.size() * images.imageBytes()];
        for (int image = 0; image < images.size(); image++) {
            for (int offset = 0; offset < images.imageBytes(); offset++) {
                values[image * images.imageBytes() + offset] = images.pixel(image, offset);
            }
        }
        return values;
    }
}
