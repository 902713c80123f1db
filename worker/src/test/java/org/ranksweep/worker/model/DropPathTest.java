package org.ranksweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

class DropPathTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;

    @Test
    void ratesRiseLinearlyFromZeroAtTheFirstBlockToTheRateAtTheLast() {
        DropPath dropPath = new DropPath(0.1, 1);
        for (int block = 0; block < 12; block++) {
            assertThat(dropPath.rate(block, 12)).isCloseTo(0.1 * block / 11, Offset.offset(1e-15));
        }
        assertThat(dropPath.rate(0, 1)).isZero();
    }

    @Test
    void anEvaluationForwardIgnoresDropPath() {
        assertForwardUnchangedBy(new DropPath(0.9, 3), false);
    }

    @Test
    void aTrainingForwardAtRateZeroEqualsThePlainModel() {
        assertForwardUnchangedBy(new DropPath(0, 3), true);
    }

    private static void assertForwardUnchangedBy(DropPath dropPath, boolean training) {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchRuntime.disableGradients();
            VisionTransformerBlock model = VitFactory.dense(TINY);
            VitFactory.initialize(model, manager, 1);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomNormal(model.inputShape(8));
            float[] plain =
                    model.forward(store, new NDList(images), training).head().toFloatArray();
            float[] withDropPath = model.forward(store, new NDList(images), training, dropPath.request())
                    .head()
                    .toFloatArray();
            assertThat(withDropPath).containsExactly(plain);
        }
    }

    @Test
    void aTrainingForwardAtRateOneDropsBothBranchesSoTheBlockPassesItsInputThrough() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TorchRuntime.disableGradients();
            VisionTransformerBlock model = VitFactory.dense(TINY);
            VitFactory.initialize(model, manager, 1);
            ParameterStore store = new ParameterStore(manager, false);
            EncoderBlock block = model.blocks().get(0);
            NDArray tokens = manager.randomNormal(new Shape(4, TINY.tokens(), TINY.width()));
            PairList<String, Object> dropAll = new PairList<>();
            dropAll.add(DropPath.BLOCK_KEY, new DropPath.Block(new DropPath(1, 5), 1.0));
            float[] trained = block.forward(store, new NDList(tokens), true, dropAll)
                    .head()
                    .toFloatArray();
            float[] evaluated = block.forward(store, new NDList(tokens), false, dropAll)
                    .head()
                    .toFloatArray();
            float[] plain =
                    block.forward(store, new NDList(tokens), false).head().toFloatArray();
            assertThat(trained).containsExactly(tokens.toFloatArray());
            assertThat(evaluated).containsExactly(plain);
        }
    }

    @Test
    void eachSampleIsDroppedOrScaledSoThatTheMeanOverDrawsIsTheBranch() {
        double p = 0.25;
        int draws = 2000;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray branch = manager.randomNormal(new Shape(1, 5, 8));
            float[] values = branch.toFloatArray();
            DropPath dropPath = new DropPath(p, 17);
            double[] sum = new double[values.length];
            int kept = 0;
            for (int draw = 0; draw < draws; draw++) {
                float[] dropped = dropPath.apply(branch, p).toFloatArray();
                boolean keptThis = dropped[0] != 0;
                kept += keptThis ? 1 : 0;
                for (int index = 0; index < values.length; index++) {
                    // one factor per sample: all zero, or all scaled by 1/(1 − p)
                    double expected = keptThis ? values[index] / (1 - p) : 0;
                    assertThat((double) dropped[index]).isCloseTo(expected, Offset.offset(1e-5));
                    sum[index] += dropped[index];
                }
            }
            // factor variance p/(1 − p) = 1/3: the mean of 2000 draws is within 4.5σ ≈ 0.058 of the branch (relative)
            for (int index = 0; index < values.length; index++) {
                assertThat(sum[index] / draws)
                        .isCloseTo(values[index], Offset.offset(0.058 * Math.abs(values[index]) + 1e-6));
            }
            assertThat(kept / (double) draws).isCloseTo(1 - p, Offset.offset(0.045));
        }
    }

    @Test
    void theSameSeedDropsTheSameSamples() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray branch = manager.ones(new Shape(64, 2, 3));
            float[] first = new DropPath(0.5, 9).apply(branch, 0.5).toFloatArray();
            float[] second = new DropPath(0.5, 9).apply(branch, 0.5).toFloatArray();
            assertThat(first).containsExactly(second);
            assertThat(first).contains(0f, 2f);
        }
    }
}
