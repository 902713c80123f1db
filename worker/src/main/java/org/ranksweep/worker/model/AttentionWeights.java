package org.ranksweep.worker.model;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.function.Function;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.compress.HeadLevelAttention;
import org.ranksweep.worker.compress.LowRankLinear;
import org.ranksweep.worker.compress.MatrixLevelAttention;

/**
 * Reads a built dense attention block into the compress package's {@link DenseAttention} and writes compressed
 * weights ({@link HeadLevelAttention}, {@link MatrixLevelAttention}, {@link LowRankLinear}) into built compressed
 * blocks of the matching form. Writes need the calling thread's autograd off. Thread-safe (stateless).
 */
public final class AttentionWeights {

    private AttentionWeights() {}

    /** The weights and biases of a dense attention block (h heads of width d_h, plain Linears). */
    public static DenseAttention read(AttentionBlock block, int width, int heads) {
        requireDense(block, width, heads);
        return Projections.read(block, ParameterValues::weight, ParameterValues::bias)
                .dense(width, heads);
    }

    /**
     * The weights and biases of a head-level attention block with at least one head; {@code scaleHeadWidth} is the
     * original head width its softmax scale uses.
     */
    public static HeadLevelAttention readHeadLevel(AttentionBlock block, int scaleHeadWidth) {
        if (block.heads() == 0 || !(block.query() instanceof Linear)) {
            throw new IllegalArgumentException("block " + block + " is not head-level attention with heads");
        }
        int width = (int) linear(block.output())
                .getParameters()
                .get("weight")
                .getArray()
                .getShape()
                .get(0);
        return Projections.read(block, ParameterValues::weight, ParameterValues::bias)
                .headLevel(width, block.heads(), block.qkHeadWidth(), block.voHeadWidth(), scaleHeadWidth);
    }

    /** The loss gradients of a dense attention block's weights and biases, as recorded by the last backward passes. */
    public static DenseAttention readGradients(AttentionBlock block, int width, int heads) {
        requireDense(block, width, heads);
        return Projections.read(block, ParameterValues::weightGradient, ParameterValues::biasGradient)
                .dense(width, heads);
    }

    /** The four projections' weights and biases of a block of plain Linears, read as values or as gradients. */
    private record Projections(
            float[][] wq, float[][] wk, float[][] wv, float[][] wo, float[] bq, float[] bk, float[] bv, float[] bo) {

        static Projections read(
                AttentionBlock block, Function<Linear, float[][]> weight, Function<Linear, float[]> bias) {
            Linear q = linear(block.query());
            Linear k = linear(block.key());
            Linear v = linear(block.value());
            Linear o = linear(block.output());
            return new Projections(
                    weight.apply(q),
                    weight.apply(k),
                    weight.apply(v),
                    weight.apply(o),
                    bias.apply(q),
                    bias.apply(k),
                    bias.apply(v),
                    bias.apply(o));
        }

        DenseAttention dense(int width, int heads) {
            return new DenseAttention(width, heads, wq, wk, wv, wo, bq, bk, bv, bo);
        }

        HeadLevelAttention headLevel(int width, int heads, int qkRank, int voRank, int scaleHeadWidth) {
            return new HeadLevelAttention(width, heads, qkRank, voRank, scaleHeadWidth, wq, wk, wv, wo, bq, bk, bv, bo);
        }
    }

    /** Writes head-level weights into a head-level block built with the same heads and widths. */
    public static void write(AttentionBlock block, HeadLevelAttention weights) {
        if (block.heads() != weights.heads()
                || (weights.heads() > 0
                        && (block.qkHeadWidth() != weights.qkRank() || block.voHeadWidth() != weights.voRank()))) {
            throw new IllegalArgumentException("block " + block + " does not match head-level weights with "
                    + weights.heads() + " heads, qk " + weights.qkRank() + ", vo " + weights.voRank());
        }
        if (weights.heads() == 0) {
            ParameterValues.write(block.outputBias(), weights.bo());
            return;
        }
        ParameterValues.write(linear(block.query()), weights.wq(), weights.bq());
        ParameterValues.write(linear(block.key()), weights.wk(), weights.bk());
        ParameterValues.write(linear(block.value()), weights.wv(), weights.bv());
        ParameterValues.write(linear(block.output()), weights.wo(), weights.bo());
    }

    /** Writes matrix-level weights into a matrix-level block built with the same ranks. */
    public static void write(AttentionBlock block, MatrixLevelAttention weights) {
        write(factorized(block.query()), weights.q());
        write(factorized(block.key()), weights.k());
        write(factorized(block.value()), weights.v());
        write(factorized(block.output()), weights.o());
    }

    /** Writes a low-rank factorisation into a factorised Linear of the same rank. */
    public static void write(FactorizedLinearBlock block, LowRankLinear weights) {
        if (block.rank() != weights.rank()) {
            throw new IllegalArgumentException(
                    "block rank " + block.rank() + " does not match weights rank " + weights.rank());
        }
        ParameterValues.write(block.first(), weights.first(), null);
        ParameterValues.write(block.second(), weights.second(), weights.bias());
    }

    private static void requireDense(AttentionBlock block, int width, int heads) {
        int headWidth = width / heads;
        if (block.heads() != heads
                || block.qkHeadWidth() != headWidth
                || block.voHeadWidth() != headWidth
                || !(block.query() instanceof Linear)) {
            throw new IllegalArgumentException(
                    "block " + block + " is not dense attention of width " + width + " with " + heads + " heads");
        }
    }

    private static Linear linear(Block block) {
        return (Linear) block;
    }

    private static FactorizedLinearBlock factorized(Block block) {
        if (!(block instanceof FactorizedLinearBlock factorized)) {
            throw new IllegalArgumentException("projection " + block + " is not factorised");
        }
        return factorized;
    }
}
