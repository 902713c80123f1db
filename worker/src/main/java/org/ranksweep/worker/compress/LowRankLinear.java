package org.ranksweep.worker.compress;

/**
 * A Linear in→out factorized at rank r: {@code y = (x·first)·second + bias}, first in×r without bias, second r×out
 * with the bias. The arrays are not copied: treat them as read-only once wrapped; then the record is thread-safe.
 */
public record LowRankLinear(float[][] first, float[][] second, float[] bias) {

    public LowRankLinear {
        if (first.length == 0 || second.length == 0) {
            throw new IllegalArgumentException("factors must not be empty");
        }
        Matrices.requireShape("first", first, first.length, second.length);
        Matrices.requireShape("second", second, second.length, bias.length);
    }

    /** Input width. */
    public int in() {
        return first.length;
    }

    /** The rank r. */
    public int rank() {
        return second.length;
    }

    /** Output width. */
    public int out() {
        return bias.length;
    }
}
