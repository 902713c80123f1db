package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;

class SampleJudgeTest {

    private static final VitShape CLASSIFIER = new VitShape("judge", 8, 1, 4, 8, 2, 2, 2, 10);

    @Test
    void fidelityIsTheShareOfImagesWhoseLogitsPeakAtTheConcept() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchRuntime.start(2);
            VisionTransformerBlock classifier = VitFactory.dense(CLASSIFIER);
            VitFactory.initialize(classifier, manager, 3);
            Normalization normalization = Normalization.uniform(0.3, 0.3);
            ImageSet images = TinyGenerator.images(300, 21);
            SampleJudge.Verdict verdict = new SampleJudge(classifier, normalization).judge(images, manager);

            // Independently: the classifier's logits in one batch, their argmax counted per class.
            int[] counts = new int[10];
            try (NDManager scope = manager.newSubManager()) {
                NDArray pixels = new Batches(images, normalization, images.size())
                        .load(scope, Batches.sequentialOrder(images.size()), 0, null)
                        .images();
                NDArray logits = classifier
                        .forward(new ParameterStore(scope, false), new NDList(pixels), false)
                        .singletonOrThrow();
                for (long prediction : logits.argMax(-1).toLongArray()) {
                    counts[(int) prediction]++;
                }
            }
            double total = 0;
            for (int label = 0; label < 10; label++) {
                assertThat(verdict.share(label)).as("class " + label).isEqualTo((double) counts[label] / 300);
                total += verdict.share(label);
            }
            assertThat(total).isEqualTo(1.0, within(1e-12));
            assertThat(verdict.features()).hasNumberOfRows(300);
            assertThat(verdict.features()[299]).hasSize(CLASSIFIER.width());
        }
    }
}
