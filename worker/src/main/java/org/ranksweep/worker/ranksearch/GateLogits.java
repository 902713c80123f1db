package org.ranksweep.worker.ranksearch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ranksweep.core.cost.SearchableMatrix;
import org.ranksweep.worker.model.RankMasks;
import org.ranksweep.worker.model.Scalars;

/**
 * The search's only trainable values: one logit vector α per searchable matrix over its candidate ranks, updated by
 * AdamW (lr {@value #LEARNING_RATE}, weight decay {@value #WEIGHT_DECAY}, COMCAT.md §4). A sample draws soft
 * Gumbel-softmax gates m = softmax((α + g)/τ) with Gumbel noise g from a seeded Java generator, turns them into
 * the soft singular-value masks μ_k = Σ_{a: r_a > k} m_a (one product with a constant 0/1 matrix, so gradients reach
 * α), and the expected weights Σ_a m_a·weights(r_a) summed over matrices, as a fraction of the target. Logits start
 * at zero (uniform gates). Not thread-safe: one search uses it on its own thread.
 */
final class GateLogits implements AutoCloseable {

    static final double LEARNING_RATE = 1e-2;
    static final double WEIGHT_DECAY = 5e-4;
    /** Keeps the uniform draw inside (0, 1) so that the Gumbel noise −log(−log u) stays finite. */
    private static final double UNIFORM_FLOOR = 1e-12;

    private final SearchSpace space;
    private final NDManager manager;
    private final List<NDArray> logits = new ArrayList<>();
    private final List<NDArray> cumulative = new ArrayList<>();
    private final List<NDArray> weightShares = new ArrayList<>();
    private final Optimizer optimizer;
    private final SplittableRandom random;
    private int updates;

    GateLogits(SearchSpace space, NDManager parent, long seed) {
        this.space = space;
        this.manager = parent.newSubManager();
        this.random = new SplittableRandom(seed);
        this.optimizer = Optimizer.adamW()
                .optLearningRateTracker(Tracker.fixed((float) LEARNING_RATE))
                .optWeightDecays((float) WEIGHT_DECAY)
                .build();
        double target = Math.max(1, space.targetWeights());
        for (SearchSpace.Matrix matrix : space.matrices()) {
            int choices = matrix.candidates().size();
            NDArray alpha = manager.zeros(new Shape(choices));
            alpha.setRequiresGradient(true);
            logits.add(alpha);
            cumulative.add(manager.create(cumulativeMask(matrix), new Shape(choices, matrix.largest())));
            float[] shares = new float[choices];
            for (int candidate = 0; candidate < choices; candidate++) {
                shares[candidate] = (float) (matrix.weights()[candidate] / target);
            }
            weightShares.add(manager.create(shares));
        }
    }

    /** Row a, column k: 1 when candidate a keeps component k (r_a > k). */
    private static float[] cumulativeMask(SearchSpace.Matrix matrix) {
        int width = matrix.largest();
        float[] mask = new float[matrix.candidates().size() * width];
        for (int candidate = 0; candidate < matrix.candidates().size(); candidate++) {
            for (int component = 0; component < matrix.candidates().get(candidate); component++) {
                mask[candidate * width + component] = 1;
            }
        }
        return mask;
    }

    /**
     * One step's gates.
     *
     * @param gates     the soft gates m of every matrix, in {@link SearchSpace#matrices()} order
     * @param masks     the soft masks of every searched matrix, for {@link RankMasks#request()}
     * @param costRatio scalar: expected weights of the searchable matrices over the target
     */
    record Sample(List<NDArray> gates, RankMasks masks, NDArray costRatio) {}

    /** Fresh gates at {@code temperature}; every array lives in {@code scope}. */
    Sample sample(NDManager scope, double temperature) {
        int depth = space.shape().depth();
        NDArray[][] blockMasks = new NDArray[depth][4];
        NDArray headMask = null;
        NDArray costRatio = scope.zeros(new Shape());
        List<NDArray> allGates = new ArrayList<>();
        for (int index = 0; index < logits.size(); index++) {
            SearchSpace.Matrix matrix = space.matrices().get(index);
            // Noise first: an op's result belongs to its first operand's manager, and this step's arrays to scope.
            NDArray gates = Scalars.dividedBy(
                            gumbel(scope, matrix.candidates().size()).add(logits.get(index)), temperature)
                    .softmax(0);
            allGates.add(gates);
            int choices = matrix.candidates().size();
            NDArray mask =
                    gates.reshape(1, choices).matMul(cumulative.get(index)).reshape(matrix.largest());
            costRatio = costRatio.add(gates.mul(weightShares.get(index)).sum());
            if (matrix.kind() == SearchableMatrix.HEAD) {
                headMask = mask;
            } else {
                blockMasks[matrix.block()][matrix.kind().ordinal()] = mask;
            }
        }
        List<RankMasks.Block> blocks = new ArrayList<>();
        for (NDArray[] block : blockMasks) {
            blocks.add(new RankMasks.Block(
                    block[SearchableMatrix.QK.ordinal()],
                    block[SearchableMatrix.VO.ordinal()],
                    block[SearchableMatrix.FC1.ordinal()],
                    block[SearchableMatrix.FC2.ordinal()]));
        }
        return new Sample(allGates, new RankMasks(blocks, headMask), costRatio);
    }

    private NDArray gumbel(NDManager scope, int count) {
        float[] noise = new float[count];
        for (int index = 0; index < count; index++) {
            double uniform = Math.min(1 - UNIFORM_FLOOR, Math.max(UNIFORM_FLOOR, random.nextDouble()));
            noise[index] = (float) -Math.log(-Math.log(uniform));
        }
        return scope.create(noise);
    }

    /** One AdamW step on every logit vector from the gradients of the last backward pass. */
    void update() {
        for (int index = 0; index < logits.size(); index++) {
            NDArray alpha = logits.get(index);
            try (NDArray gradient = alpha.getGradient()) {
                optimizer.update("alpha." + space.matrices().get(index).name(), alpha, gradient);
            }
        }
        updates++;
    }

    /** How many times {@link #update()} has stepped the logits. */
    int updates() {
        return updates;
    }

    /** Per matrix, the entropy of softmax(α) in nats: ln(candidates) for uniform gates, 0 for a certain one. */
    double[] entropies() {
        double[][] logProbabilities = logProbabilities();
        double[] entropies = new double[logProbabilities.length];
        for (int index = 0; index < entropies.length; index++) {
            double entropy = 0;
            for (double logProbability : logProbabilities[index]) {
                entropy -= Math.exp(logProbability) * logProbability;
            }
            entropies[index] = entropy;
        }
        return entropies;
    }

    /** Per matrix, the gate distribution without noise: softmax(α). */
    double[][] probabilities() {
        double[][] probabilities = new double[logits.size()][];
        for (int index = 0; index < logits.size(); index++) {
            try (NDArray softmax = logits.get(index).softmax(0)) {
                probabilities[index] = toDouble(softmax.toFloatArray());
            }
        }
        return probabilities;
    }

    /** Per matrix, log softmax(α) in double (finite however unlikely a candidate): the scores of a choice. */
    double[][] logProbabilities() {
        double[][] scores = logits();
        for (double[] matrix : scores) {
            double largest = Double.NEGATIVE_INFINITY;
            for (double value : matrix) {
                largest = Math.max(largest, value);
            }
            double sum = 0;
            for (double value : matrix) {
                sum += Math.exp(value - largest);
            }
            double logSum = largest + Math.log(sum);
            for (int candidate = 0; candidate < matrix.length; candidate++) {
                matrix[candidate] -= logSum;
            }
        }
        return scores;
    }

    /** The logits α, per matrix. */
    double[][] logits() {
        double[][] values = new double[logits.size()][];
        for (int index = 0; index < logits.size(); index++) {
            values[index] = toDouble(logits.get(index).toFloatArray());
        }
        return values;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int index = 0; index < values.length; index++) {
            result[index] = values[index];
        }
        return result;
    }

    @Override
    public void close() {
        manager.close();
    }
}
