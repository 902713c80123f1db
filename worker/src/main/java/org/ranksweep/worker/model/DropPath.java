package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Stochastic depth for one training forward pass (DeiT's drop-path 0.1): each encoder block's attention and MLP
 * branch is, per sample, zeroed with the block's rate p or kept and scaled by 1/(1 − p), as timm's
 * {@code drop_path(x, p, training, scale_by_keep=True)}; block i of d gets p = rate·i/(d − 1), timm's
 * {@code torch.linspace(0, drop_path_rate, depth)}. The keep draws come from a generator seeded by the caller, in
 * forward order (block 0 attention, block 0 MLP, block 1 ...), so a step is reproducible. Only forwards with
 * {@code training = true} apply it; passed to {@link VisionTransformerBlock} as the forward parameter {@link #KEY}.
 * Not thread-safe (owns its random generator; one per forward pass).
 */
public final class DropPath {

    /** Forward parameter key of {@link VisionTransformerBlock} carrying a {@code DropPath}. */
    public static final String KEY = "dropPath";
    /** Forward parameter key of {@link EncoderBlock} carrying its {@link Block}. */
    static final String BLOCK_KEY = "blockDropPath";
    /** DeiT's (and COMCAT's DeiT recipe's) drop-path rate of the last block. */
    public static final double DEIT_RATE = 0.1;

    private final double rate;
    private final SplittableRandom random;

    /**
     * @param rate the last block's drop probability, in [0, 1]
     * @param seed fixes every keep draw
     */
    public DropPath(double rate, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("drop-path rate must be in [0, 1], was " + rate);
        }
        this.rate = rate;
        this.random = new SplittableRandom(seed);
    }

    /** Forward parameters asking a {@link VisionTransformerBlock} to drop paths with this. */
    public PairList<String, Object> request() {
        PairList<String, Object> params = new PairList<>();
        params.add(KEY, this);
        return params;
    }

    /** Block {@code index}'s rate of {@code depth} blocks: linear from 0 to the rate. */
    public double rate(int index, int depth) {
        return depth <= 1 ? 0 : rate * index / (depth - 1);
    }

    /** The drop-path of block {@code index} of {@code depth}. */
    Block forBlock(int index, int depth) {
        return new Block(this, rate(index, depth));
    }

    /**
     * A residual branch (batch, ...) with each sample zeroed with probability {@code p} or scaled by 1/(1 − p);
     * unchanged when p is 0. The per-sample factors are an array of the branch's manager.
     */
    NDArray apply(NDArray branch, double p) {
        if (p == 0) {
            return branch;
        }
        Shape shape = branch.getShape();
        int batch = Math.toIntExact(shape.get(0));
        float keepScale = p < 1 ? (float) (1 / (1 - p)) : 0;
        float[] factors = new float[batch];
        for (int sample = 0; sample < batch; sample++) {
            factors[sample] = random.nextDouble() < 1 - p ? keepScale : 0;
        }
        long[] dimensions = new long[shape.dimension()];
        Arrays.fill(dimensions, 1);
        dimensions[0] = batch;
        NDArray scale =
                branch.getManager().create(factors, new Shape(dimensions)).toType(branch.getDataType(), false);
        return branch.mul(scale);
    }

    /**
     * One block's drop-path.
     *
     * @param dropPath the pass's generator
     * @param rate     this block's drop probability
     */
    record Block(DropPath dropPath, double rate) {

        NDArray apply(NDArray branch) {
            return dropPath.apply(branch, rate);
        }
    }
}
