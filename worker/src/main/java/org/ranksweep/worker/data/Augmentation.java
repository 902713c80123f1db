package org.ranksweep.worker.data;

import java.util.SplittableRandom;

/**
 * Light training augmentation on raw bytes: a random crop of the image padded by two zero pixels (a shift of up to
 * two pixels each way) and a horizontal flip half of the time. Not thread-safe (owns its random generator).
 */
public final class Augmentation {

    private static final int PADDING = 2;
    private final SplittableRandom random;

    public Augmentation(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Writes an augmented copy of one image (channels × height × width bytes) from {@code source} to {@code target}. */
    void copy(byte[] source, int sourceOffset, byte[] target, int targetOffset, int channels, int height, int width) {
        int shiftY = random.nextInt(2 * PADDING + 1) - PADDING;
        int shiftX = random.nextInt(2 * PADDING + 1) - PADDING;
        boolean flip = random.nextBoolean();
        for (int channel = 0; channel < channels; channel++) {
            int plane = channel * height * width;
            for (int y = 0; y < height; y++) {
                int sourceY = y + shiftY;
                for (int x = 0; x < width; x++) {
                    int sourceX = (flip ? width - 1 - x : x) + shiftX;
                    boolean inside = sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width;
                    target[targetOffset + plane + y * width + x] =
                            inside ? source[sourceOffset + plane + sourceY * width + sourceX] : 0;
                }
            }
        }
    }
}
