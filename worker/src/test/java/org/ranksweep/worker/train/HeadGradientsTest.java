package org.ranksweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;

class HeadGradientsTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final int BATCH = 8;
    private static SplitDataset synthetic;

    @BeforeAll
    static void syntheticData() {
        TorchRuntime.start(2);
        synthetic = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("synthetic", null, 100, 100, 100, "none"));
    }

    @Test
    void givesEachBatchItsOwnGradientsNotARunningSum() {
        ImageSet images = synthetic.heldOut().head(2 * BATCH);
        ImageSet secondBatchAlone = images.select(range(BATCH, 2 * BATCH));
        try (Model model = VitFactory.create("dense", ModelPlan.dense(TINY), 3)) {
            VisionTransformerBlock vit = VitFactory.vit(model);
            DenseAttention weightsBefore =
                    AttentionWeights.read(vit.blocks().get(0).attention(), TINY.width(), TINY.heads());

            List<List<DenseAttention>> both = HeadGradients.perBatch(
                    vit, model.getNDManager(), new Batches(images, synthetic.normalization(), BATCH), 4);
            List<List<DenseAttention>> alone = HeadGradients.perBatch(
                    vit, model.getNDManager(), new Batches(secondBatchAlone, synthetic.normalization(), BATCH), 4);

            assertThat(both)
                    .hasSize(TINY.depth())
                    .allSatisfy(block -> assertThat(block).hasSize(2));
            assertThat(alone)
                    .hasSize(TINY.depth())
                    .allSatisfy(block -> assertThat(block).hasSize(1));
            for (int block = 0; block < TINY.depth(); block++) {
                DenseAttention second = both.get(block).get(1);
                DenseAttention reference = alone.get(block).get(0);
                assertClose(second.wq(), reference.wq());
                assertClose(second.wo(), reference.wo());
                assertThat(maxDifference(both.get(block).get(0).wv(), second.wv()))
                        .as("the two batches' gradients differ")
                        .isGreaterThan(1e-6);
            }
            DenseAttention weightsAfter =
                    AttentionWeights.read(vit.blocks().get(0).attention(), TINY.width(), TINY.heads());
            assertThat(maxDifference(weightsBefore.wq(), weightsAfter.wq())).isZero();
        }
    }

    private static void assertClose(float[][] actual, float[][] expected) {
        double scale = 0;
        for (float[] row : expected) {
            for (float value : row) {
                scale = Math.max(scale, Math.abs(value));
            }
        }
        assertThat(scale).isGreaterThan(0);
        assertThat(maxDifference(actual, expected)).isCloseTo(0, within(1e-4 * scale));
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int row = 0; row < a.length; row++) {
            for (int column = 0; column < a[row].length; column++) {
                max = Math.max(max, Math.abs(a[row][column] - b[row][column]));
            }
        }
        return max;
    }

    private static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }
}
