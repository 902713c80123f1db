package org.ranksweep.core.cost;

/**
 * Parameters and multiply-accumulates of a model part. MACs count matmul/conv multiply-accumulates per image only
 * (no bias adds, LayerNorm, softmax or GELU); they are MACs, not FLOPs. Immutable and thread-safe.
 *
 * @param params parameters, biases included
 * @param macs   multiply-accumulates per image
 */
public record Cost(long params, long macs) {

    /** Nothing: the neutral element of {@link #plus(Cost)}. */
    public static final Cost ZERO = new Cost(0, 0);

    public Cost {
        if (params < 0 || macs < 0) {
            throw new IllegalArgumentException("cost must not be negative: params=" + params + ", macs=" + macs);
        }
    }

    /** The cost of this part and {@code other} together. */
    public Cost plus(Cost other) {
        return new Cost(Math.addExact(params, other.params), Math.addExact(macs, other.macs));
    }

    /** The cost of {@code count} copies of this part. */
    public Cost times(int count) {
        return new Cost(Math.multiplyExact(params, count), Math.multiplyExact(macs, count));
    }
}
