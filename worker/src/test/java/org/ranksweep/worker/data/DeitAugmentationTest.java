package org.ranksweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.model.TorchRuntime;

class DeitAugmentationTest {

    private static SplitDataset synthetic;

    @BeforeAll
    static void syntheticData() {
        TorchRuntime.start(2);
        synthetic = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("synthetic", null, 0, 256, 10, "deit"));
    }

    @Test
    void aBatchKeepsItsLabelsAndGetsSoftTargetsThatSumToOne() {
        Batches batches = new Batches(synthetic.train(), synthetic.normalization(), 32);
        int classes = synthetic.classes();
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] order = Batches.sequentialOrder(256);
            ImageBatch plain = batches.load(manager, order, 1, null);
            ImageBatch batch = batches.loadDeit(manager, order, 1, augmentation(4));
            assertThat(batch.images().getShape()).isEqualTo(plain.images().getShape());
            assertThat(batch.labels().toLongArray())
                    .containsExactly(plain.labels().toLongArray());
            float[] targets = batch.targets().toFloatArray();
            long[] labels = plain.labels().toLongArray();
            for (int i = 0; i < labels.length; i++) {
                double sum = 0;
                double smallest = 1;
                for (int k = 0; k < classes; k++) {
                    sum += targets[i * classes + k];
                    smallest = Math.min(smallest, targets[i * classes + k]);
                }
                assertThat(sum).isCloseTo(1.0, Offset.offset(1e-5));
                // label smoothing 0.1 leaves at least 0.1/K on every class
                assertThat(smallest).isGreaterThanOrEqualTo(0.1 / classes - 1e-7);
                // the own label and its mirror share the 0.9 + 0.1/K·2 on top
                double ownAndMirror = targets[i * classes + (int) labels[i]]
                        + (labels[i] == labels[labels.length - 1 - i]
                                ? 0
                                : targets[i * classes + (int) labels[labels.length - 1 - i]]);
                assertThat(ownAndMirror).isGreaterThanOrEqualTo(0.9);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameBatchAndAnotherSeedAnotherOne() {
        Batches batches = new Batches(synthetic.train(), synthetic.normalization(), 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] order = Batches.epochOrder(256, 9, 1);
            float[] first = batches.loadDeit(manager, order, 0, augmentation(7))
                    .images()
                    .toFloatArray();
            float[] again = batches.loadDeit(manager, order, 0, augmentation(7))
                    .images()
                    .toFloatArray();
            float[] other = batches.loadDeit(manager, order, 0, augmentation(8))
                    .images()
                    .toFloatArray();
            assertThat(again).containsExactly(first);
            assertThat(other).isNotEqualTo(first);
        }
    }

    private static DeitAugmentation augmentation(long seed) {
        return new DeitAugmentation(
                seed, synthetic.normalization(), synthetic.train().channels(), synthetic.classes());
    }
}
