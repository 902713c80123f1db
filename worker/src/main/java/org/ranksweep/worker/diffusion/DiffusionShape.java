package org.ranksweep.worker.diffusion;

/**
 * The size of a text-to-image diffusion transformer: square images of {@code imageSize} pixels and {@code channels}
 * channels cut into patches of {@code patch} pixels, a denoiser of {@code depth} blocks of {@code width} with
 * {@code heads} heads, and a text encoder of {@code textDepth} blocks of {@code textWidth} with {@code textHeads}
 * heads; both MLPs widen by {@code mlpRatio}.
 */
public record DiffusionShape(
        int imageSize,
        int channels,
        int patch,
        int width,
        int depth,
        int heads,
        int textWidth,
        int textDepth,
        int textHeads,
        int mlpRatio) {

    public DiffusionShape {
        require(imageSize > 0 && patch > 0 && imageSize % patch == 0, "imageSize must be a multiple of patch");
        require(channels > 0 && depth > 0 && textDepth > 0 && mlpRatio > 0, "sizes must be positive");
        require(heads > 0 && width % heads == 0, "width must be a multiple of heads");
        require(textHeads > 0 && textWidth % textHeads == 0, "textWidth must be a multiple of textHeads");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("diffusion shape: " + message);
        }
    }

    /** Fashion-MNIST's generator: 28×28 grey images in 4×4 patches (49 tokens), width 96, 4 blocks of 4 heads. */
    public static DiffusionShape fashionMnist() {
        return new DiffusionShape(28, 1, 4, 96, 4, 4, 64, 2, 2, 4);
    }

    /** Patches per image side. */
    public int grid() {
        return imageSize / patch;
    }

    /** Image tokens: grid². */
    public int tokens() {
        return grid() * grid();
    }

    public int headWidth() {
        return width / heads;
    }
}
