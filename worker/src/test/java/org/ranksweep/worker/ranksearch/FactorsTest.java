package org.ranksweep.worker.ranksearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.worker.compress.HeadLevelAttention;
import org.ranksweep.worker.compress.LowRankLinear;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.TorchRuntime;

/** Re-factorisation keeps what a layer computes and puts it in SVD order; truncation and merging fit together. */
class FactorsTest {

    private static final int WIDTH = 12;
    private static final int HEADS = 3;
    private static final int QK = 3;
    private static final int VO = 2;

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void refactorizingAttentionKeepsItsOutputWithEveryBiasSet() {
        HeadLevelAttention layer = randomLayer(new Random(1));
        HeadLevelAttention refactorized = HeadLevelFactors.refactorize(layer);

        float[] input = randomTokens(new Random(2));
        float[] before = forward(layer, input);
        float[] after = forward(refactorized, input);
        for (int index = 0; index < before.length; index++) {
            assertThat(after[index]).isCloseTo(before[index], within(2e-5f));
        }
        assertThat(refactorized.bk()).containsOnly(0f);
        assertThat(refactorized.bv()).containsOnly(0f);
    }

    @Test
    void refactorizedHeadsAreInSvdOrder() {
        HeadLevelAttention refactorized = HeadLevelFactors.refactorize(randomLayer(new Random(3)));
        for (int head = 0; head < HEADS; head++) {
            double previousNorm = Double.POSITIVE_INFINITY;
            for (int first = 0; first < QK; first++) {
                // Query columns orthonormal, key columns V·Σ with Σ descending.
                for (int second = 0; second < QK; second++) {
                    double dot = columnDot(refactorized.wq(), head * QK + first, head * QK + second);
                    assertThat(dot).isCloseTo(first == second ? 1 : 0, within(1e-5));
                }
                double norm = Math.sqrt(columnDot(refactorized.wk(), head * QK + first, head * QK + first));
                assertThat(norm).isLessThanOrEqualTo(previousNorm + 1e-6);
                previousNorm = norm;
            }
        }
    }

    @Test
    void mergingATruncationBackGivesTheSupernetAgain() {
        HeadLevelAttention supernet = HeadLevelFactors.refactorize(randomLayer(new Random(4)));
        HeadLevelAttention merged = HeadLevelFactors.merge(supernet, HeadLevelFactors.truncate(supernet, 1, 1));
        assertThat(merged.wq()).isDeepEqualTo(supernet.wq());
        assertThat(merged.wk()).isDeepEqualTo(supernet.wk());
        assertThat(merged.wv()).isDeepEqualTo(supernet.wv());
        assertThat(merged.wo()).isDeepEqualTo(supernet.wo());
        assertThat(merged.bq()).isEqualTo(supernet.bq());
        assertThat(merged.bo()).isEqualTo(supernet.bo());
    }

    @Test
    void aTruncationKeepsTheLeadingComponentsOfEveryHead() {
        HeadLevelAttention supernet = HeadLevelFactors.refactorize(randomLayer(new Random(5)));
        HeadLevelAttention truncated = HeadLevelFactors.truncate(supernet, 2, 1);
        for (int head = 0; head < HEADS; head++) {
            for (int row = 0; row < WIDTH; row++) {
                assertThat(truncated.wq()[row][head * 2 + 1]).isEqualTo(supernet.wq()[row][head * QK + 1]);
                assertThat(truncated.wv()[row][head]).isEqualTo(supernet.wv()[row][head * VO]);
            }
            assertThat(truncated.wo()[head]).isEqualTo(supernet.wo()[head * VO]);
        }
    }

    @Test
    void refactorizingALinearKeepsItsProductAndOrdersItsComponents() {
        Random random = new Random(6);
        int in = 5;
        int out = 9;
        int rank = 4;
        LowRankLinear linear = new LowRankLinear(
                TestMatrices.toFloat(TestMatrices.gaussian(random, in, rank, 1)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, rank, out, 1)),
                new float[out]);
        LowRankLinear refactorized = LinearFactors.refactorize(linear);
        double[][] before = product(linear);
        double[][] after = product(refactorized);
        for (int row = 0; row < in; row++) {
            for (int column = 0; column < out; column++) {
                assertThat(after[row][column]).isCloseTo(before[row][column], within(1e-5));
            }
        }
        double previous = Double.POSITIVE_INFINITY;
        for (int index = 0; index < rank; index++) {
            double norm = 0;
            for (float value : refactorized.second()[index]) {
                norm += value * value;
            }
            assertThat(Math.sqrt(norm)).isLessThanOrEqualTo(previous + 1e-6);
            previous = Math.sqrt(norm);
        }
        LowRankLinear merged = LinearFactors.merge(refactorized, LinearFactors.truncate(refactorized, 2));
        assertThat(merged.first()).isDeepEqualTo(refactorized.first());
        assertThat(merged.second()).isDeepEqualTo(refactorized.second());
    }

    private static HeadLevelAttention randomLayer(Random random) {
        double scale = 1 / Math.sqrt(WIDTH);
        return new HeadLevelAttention(
                WIDTH,
                HEADS,
                QK,
                VO,
                4,
                TestMatrices.toFloat(TestMatrices.gaussian(random, WIDTH, HEADS * QK, scale)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, WIDTH, HEADS * QK, scale)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, WIDTH, HEADS * VO, scale)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, HEADS * VO, WIDTH, scale)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, 1, HEADS * QK, 0.3))[0],
                TestMatrices.toFloat(TestMatrices.gaussian(random, 1, HEADS * QK, 0.3))[0],
                TestMatrices.toFloat(TestMatrices.gaussian(random, 1, HEADS * VO, 0.3))[0],
                TestMatrices.toFloat(TestMatrices.gaussian(random, 1, WIDTH, 0.3))[0]);
    }

    private static float[] randomTokens(Random random) {
        float[] tokens = new float[2 * 6 * WIDTH];
        for (int index = 0; index < tokens.length; index++) {
            tokens[index] = (float) random.nextGaussian();
        }
        return tokens;
    }

    /** The layer's output through the real attention block. */
    private static float[] forward(HeadLevelAttention weights, float[] tokens) {
        TorchRuntime.disableGradients();
        try (NDManager manager = NDManager.newBaseManager()) {
            AttentionBlock block = AttentionBlock.headLevel(WIDTH, HEADS, QK, VO, 4);
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 6, WIDTH));
            AttentionWeights.write(block, weights);
            return block.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.create(tokens, new Shape(2, 6, WIDTH))),
                            false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    private static double columnDot(float[][] matrix, int first, int second) {
        double sum = 0;
        for (float[] row : matrix) {
            sum += (double) row[first] * row[second];
        }
        return sum;
    }

    private static double[][] product(LowRankLinear linear) {
        double[][] result = new double[linear.in()][linear.out()];
        for (int row = 0; row < linear.in(); row++) {
            for (int inner = 0; inner < linear.rank(); inner++) {
                for (int column = 0; column < linear.out(); column++) {
                    result[row][column] += (double) linear.first()[row][inner] * linear.second()[inner][column];
                }
            }
        }
        return result;
    }
}
