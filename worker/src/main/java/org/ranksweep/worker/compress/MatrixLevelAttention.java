package org.ranksweep.worker.compress;

/**
 * Matrix-level (svd-matrix) attention: each of q, k, v, o is a {@link LowRankLinear} d→d; the heads keep their full
 * width d/h and the softmax scale 1/√(d/h). Thread-safe when its arrays are not mutated.
 */
public record MatrixLevelAttention(
        int width, int heads, LowRankLinear q, LowRankLinear k, LowRankLinear v, LowRankLinear o) {

    public MatrixLevelAttention {
        if (heads < 1 || width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " must be a positive multiple of heads " + heads);
        }
        for (LowRankLinear projection : new LowRankLinear[] {q, k, v, o}) {
            if (projection.in() != width || projection.out() != width) {
                throw new IllegalArgumentException("projections must map " + width + "→" + width + ", one maps "
                        + projection.in() + "→" + projection.out());
            }
        }
    }
}
