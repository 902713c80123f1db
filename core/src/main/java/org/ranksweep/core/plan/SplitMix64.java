package org.ranksweep.core.plan;

/**
 * Vigna's SplitMix64 generator: a fixed, published algorithm, so a seed gives the same sequence on every JVM and
 * machine (unlike {@link java.util.Random} subclasses whose derived methods may change). Not thread-safe.
 */
final class SplitMix64 {

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        long mixed = state;
        mixed = (mixed ^ (mixed >>> 30)) * 0xBF58476D1CE4E5B9L;
        mixed = (mixed ^ (mixed >>> 27)) * 0x94D049BB133111EBL;
        return mixed ^ (mixed >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias (draws that would bias the result are rejected). */
    int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        while (true) {
            long draw = nextLong() >>> 1;
            long value = draw % bound;
            // Reject the last, incomplete stretch of [0, 2^63) so every value is equally likely.
            if (draw - value + (bound - 1) >= 0) {
                return (int) value;
            }
        }
    }
}
