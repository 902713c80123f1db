package org.ranksweep.core.model;

/**
 * The shape of a pre-LayerNorm Vision Transformer: everything cost formulas, validation and the worker's
 * model builder need to know about an architecture. Immutable and thread-safe.
 *
 * @param name      catalogue name, e.g. {@code vit-tiny-fmnist}
 * @param imageSize input height and width in pixels (square images)
 * @param channels  input channels
 * @param patch     patch size in pixels; {@code imageSize} must be a multiple of it
 * @param width     embedding width d
 * @param depth     number of transformer blocks
 * @param heads     attention heads per block h; {@code width} must be a multiple of it
 * @param mlpRatio  hidden width of the MLP as a multiple of d
 * @param classes   classifier outputs
 */
public record VitShape(
        String name,
        int imageSize,
        int channels,
        int patch,
        int width,
        int depth,
        int heads,
        int mlpRatio,
        int classes) {

    public VitShape {
        if (imageSize % patch != 0) {
            throw new IllegalArgumentException(
                    name + ": imageSize " + imageSize + " is not a multiple of patch " + patch);
        }
        if (width % heads != 0) {
            throw new IllegalArgumentException(name + ": width " + width + " is not a multiple of heads " + heads);
        }
    }

    /** Width of one attention head, d_h = d / h. */
    public int headWidth() {
        return width / heads;
    }

    /** Tokens per image N: one per patch plus the class token. */
    public int tokens() {
        int side = imageSize / patch;
        return side * side + 1;
    }

    /** Hidden width of the MLP. */
    public int mlpHidden() {
        return width * mlpRatio;
    }
}
