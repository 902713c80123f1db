package org.ranksweep.worker.ranksearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.worker.compress.ComcatFactorizer;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.compress.MatrixSvd;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.FactorizedLinearBlock;
import org.ranksweep.worker.model.RankMasks;
import org.ranksweep.worker.model.TorchRuntime;

/**
 * The soft-mask supernet against the explicit mixture of candidate reconstructions (COMCAT.md §4): the mixed
 * attention logits Σ_a m_a·X·W_QK^(r_a)·Xᵀ/√d_h, softmax, then Σ_a m'_a·A·X·W_VO^(r_a) per head, and for a Linear
 * Σ_a m_a·x·W^(r_a) + b, with each W^(r) rebuilt from a full SVD of the explicit d×d (or in×out) matrix in double
 * precision. The gates come from {@link GateLogits} (Gumbel noise at τ = 1), the masks from its soft-mask product.
 */
class SoftMaskSupernetTest {

    /** d 8, two heads of width 4, one block, MLP width 16, 3 classes, 5 tokens. */
    private static final VitShape SMALL = new VitShape("small", 8, 1, 4, 8, 1, 2, 2, 3);

    private static final RankCandidates CANDIDATES =
            new RankCandidates(List.of(1, 2, 4), List.of(1, 3, 4), List.of(2, 5, 8), List.of(3, 8), List.of(1, 3));
    private static final RankSearchSpec SPEC = new RankSearchSpec(
            CANDIDATES,
            true,
            2,
            1.5,
            5,
            0.1,
            RankSearchSpec.SEARCH_BATCH,
            RankSearchSpec.SEARCH_STEPS,
            RankSearchSpec.ARGMAX);
    private static final int WIDTH = 8;
    private static final int HEADS = 2;
    private static final int HEAD_WIDTH = 4;
    private static final int TOKENS = 5;
    private static final int HIDDEN = 16;

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void maskedAttentionEqualsTheMixtureOfItsCandidateReconstructions() {
        Random random = new Random(7);
        DenseAttention dense = randomAttention(random);
        double[][] tokens = TestMatrices.gaussian(random, TOKENS, WIDTH, 1);
        TorchRuntime.disableGradients();
        try (NDManager manager = NDManager.newBaseManager();
                GateLogits gates = new GateLogits(SearchSpace.of(SMALL, SPEC, 0.5), manager, 11)) {
            AttentionBlock block = AttentionBlock.headLevel(WIDTH, HEADS, HEAD_WIDTH, HEAD_WIDTH, HEAD_WIDTH);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, TOKENS, WIDTH));
            AttentionWeights.write(block, ComcatFactorizer.factorize(dense, HEAD_WIDTH, HEAD_WIDTH));
            GateLogits.Sample sample = gates.sample(manager, 1.0);
            double[] qkGates = values(sample.gates().get(0));
            double[] voGates = values(sample.gates().get(1));
            assertThat(qkGates[0]).isNotCloseTo(qkGates[1], within(1e-3));

            float[] masked = forward(
                    block,
                    manager,
                    tokens,
                    RankMasks.blockRequest(sample.masks().blocks().get(0)));
            double[][] expected = attentionMixture(dense, tokens, qkGates, voGates);
            assertThat(maxDifference(masked, expected)).isLessThan(1e-5);
        }
    }

    @Test
    void maskedLinearEqualsTheMixtureOfItsCandidateReconstructions() {
        Random random = new Random(13);
        double[][] weight = TestMatrices.gaussian(random, WIDTH, HIDDEN, 1 / Math.sqrt(WIDTH));
        double[][] bias = TestMatrices.gaussian(random, 1, HIDDEN, 0.1);
        double[][] tokens = TestMatrices.gaussian(random, TOKENS, WIDTH, 1);
        TorchRuntime.disableGradients();
        try (NDManager manager = NDManager.newBaseManager();
                GateLogits gates = new GateLogits(SearchSpace.of(SMALL, SPEC, 0.5), manager, 17)) {
            FactorizedLinearBlock linear = new FactorizedLinearBlock(WIDTH, HIDDEN);
            linear.initialize(manager, DataType.FLOAT32, new Shape(1, TOKENS, WIDTH));
            AttentionWeights.write(
                    linear, MatrixSvd.factorize(TestMatrices.toFloat(weight), TestMatrices.toFloat(bias)[0], WIDTH));
            GateLogits.Sample sample = gates.sample(manager, 1.0);
            double[] fc1Gates = values(sample.gates().get(2));

            float[] masked = forward(
                    linear,
                    manager,
                    tokens,
                    RankMasks.linearRequest(sample.masks().blocks().get(0).fc1()));
            double[][] mixed = new double[TOKENS][HIDDEN];
            for (int candidate = 0; candidate < fc1Gates.length; candidate++) {
                double[][] product = TestMatrices.multiply(
                        tokens,
                        TestMatrices.truncatedSvd(weight, CANDIDATES.fc1().get(candidate)));
                TestMatrices.addScaled(mixed, product, fc1Gates[candidate]);
            }
            for (double[] row : mixed) {
                for (int column = 0; column < HIDDEN; column++) {
                    row[column] += bias[0][column];
                }
            }
            assertThat(maxDifference(masked, mixed)).isLessThan(1e-5);
        }
    }

    @Test
    void expectedWeightsAreTheGateWeightedCandidateWeightsOverTheTarget() {
        SearchSpace space = SearchSpace.of(SMALL, SPEC, 0.5);
        TorchRuntime.disableGradients();
        try (NDManager manager = NDManager.newBaseManager();
                GateLogits gates = new GateLogits(space, manager, 5)) {
            GateLogits.Sample sample = gates.sample(manager, 2.0);
            double expected = 0;
            for (int index = 0; index < space.matrices().size(); index++) {
                double[] gate = values(sample.gates().get(index));
                List<Integer> ranks = space.matrices().get(index).candidates();
                for (int candidate = 0; candidate < gate.length; candidate++) {
                    int rank = ranks.get(candidate);
                    // QK/VO: 2·d·h·r; a Linear in→out at rank r: (in + out)·r.
                    long weights = switch (space.matrices().get(index).kind()) {
                        case QK, VO -> 2L * WIDTH * HEADS * rank;
                        case FC1, FC2 -> (long) (WIDTH + HIDDEN) * rank;
                        case HEAD -> (WIDTH + 3L) * rank;
                    };
                    expected += gate[candidate] * weights;
                }
            }
            // Dense: q,k,v,o 4·64 + fc1, fc2 2·128 + head 24 = 536 weights; the target keeps half.
            assertThat(space.targetWeights()).isEqualTo(268);
            assertThat(sample.costRatio().getFloat()).isCloseTo((float) (expected / 268), within(1e-5f));
        }
    }

    private static double[][] attentionMixture(DenseAttention dense, double[][] x, double[] qkGates, double[] voGates) {
        double[][] out = new double[TOKENS][WIDTH];
        for (int head = 0; head < HEADS; head++) {
            double[][] qk = headProduct(dense.wq(), dense.wk(), head, false);
            double[][] vo = headProduct(dense.wv(), dense.wo(), head, true);
            double[][] logits = new double[TOKENS][TOKENS];
            for (int candidate = 0; candidate < qkGates.length; candidate++) {
                double[][] reconstruction =
                        TestMatrices.truncatedSvd(qk, CANDIDATES.qk().get(candidate));
                TestMatrices.addScaled(
                        logits,
                        TestMatrices.multiply(TestMatrices.multiply(x, reconstruction), TestMatrices.transpose(x)),
                        qkGates[candidate] / Math.sqrt(HEAD_WIDTH));
            }
            double[][] attention = TestMatrices.softmaxRows(logits);
            for (int candidate = 0; candidate < voGates.length; candidate++) {
                double[][] reconstruction =
                        TestMatrices.truncatedSvd(vo, CANDIDATES.vo().get(candidate));
                TestMatrices.addScaled(
                        out,
                        TestMatrices.multiply(attention, TestMatrices.multiply(x, reconstruction)),
                        voGates[candidate]);
            }
        }
        for (double[] row : out) {
            for (int column = 0; column < WIDTH; column++) {
                row[column] += dense.bo()[column];
            }
        }
        return out;
    }

    /** W_Q^i·W_K^iᵀ (columns of both), or W_V^i·W_O^i (rows of the second) when {@code rowsOfSecond}. */
    private static double[][] headProduct(float[][] first, float[][] second, int head, boolean rowsOfSecond) {
        double[][] product = new double[WIDTH][WIDTH];
        for (int row = 0; row < WIDTH; row++) {
            for (int column = 0; column < WIDTH; column++) {
                double sum = 0;
                for (int inner = head * HEAD_WIDTH; inner < (head + 1) * HEAD_WIDTH; inner++) {
                    sum += first[row][inner] * (rowsOfSecond ? second[inner][column] : second[column][inner]);
                }
                product[row][column] = sum;
            }
        }
        return product;
    }

    private static DenseAttention randomAttention(Random random) {
        double scale = 1 / Math.sqrt(WIDTH);
        float[] zeros = new float[WIDTH];
        return new DenseAttention(
                WIDTH,
                HEADS,
                TestMatrices.toFloat(TestMatrices.gaussian(random, WIDTH, WIDTH, scale)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, WIDTH, WIDTH, scale)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, WIDTH, WIDTH, scale)),
                TestMatrices.toFloat(TestMatrices.gaussian(random, WIDTH, WIDTH, scale)),
                zeros,
                zeros,
                zeros,
                TestMatrices.toFloat(TestMatrices.gaussian(random, 1, WIDTH, 0.1))[0]);
    }

    private static float[] forward(
            ai.djl.nn.Block block, NDManager manager, double[][] tokens, PairList<String, Object> request) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(TestMatrices.flatten(tokens), new Shape(1, tokens.length, tokens[0].length));
            return block.forward(new ParameterStore(manager, false), new NDList(input), false, request)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    private static double maxDifference(float[] actual, double[][] expected) {
        double largest = 0;
        int columns = expected[0].length;
        for (int index = 0; index < actual.length; index++) {
            largest = Math.max(largest, Math.abs(actual[index] - expected[index / columns][index % columns]));
        }
        return largest;
    }

    private static double[] values(NDArray array) {
        float[] floats = array.toFloatArray();
        double[] result = new double[floats.length];
        for (int index = 0; index < floats.length; index++) {
            result[index] = floats[index];
        }
        return result;
    }
}
