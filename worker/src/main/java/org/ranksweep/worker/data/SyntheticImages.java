package org.ranksweep.worker.data;

import java.util.SplittableRandom;

/**
 * A deterministic, learnable stand-in for Fashion-MNIST for fast tests: 28×28 grey images whose class decides a
 * fixed pattern of bright rectangles, each image shifted by up to two pixels, rescaled in brightness and covered in
 * noise. The same arguments always give the same bytes. Thread-safe (stateless).
 */
public final class SyntheticImages {

    public static final int SIDE = 28;
    public static final int CLASSES = 10;
    private static final long PATTERN_SEED = 0x5EED_C1A55L;
    private static final int RECTANGLES_PER_CLASS = 3;
    private static final int MAX_SHIFT = 2;
    private static final double NOISE = 30.0;

    private SyntheticImages() {}

    /** {@code count} images with labels cycling through the classes, drawn from {@code seed}. */
    public static ImageSet generate(int count, long seed) {
        float[][] patterns = patterns();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * SIDE * SIDE];
        int[] labels = new int[count];
        for (int image = 0; image < count; image++) {
            int label = random.nextInt(CLASSES);
            labels[image] = label;
            render(patterns[label], random, pixels, image * SIDE * SIDE);
        }
        return new ImageSet(pixels, labels, 1, SIDE, SIDE);
    }

    private static void render(float[] pattern, SplittableRandom random, byte[] pixels, int offset) {
        int shiftY = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        int shiftX = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        double brightness = 0.7 + 0.6 * random.nextDouble();
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int sourceY = y - shiftY;
                int sourceX = x - shiftX;
                boolean inside = sourceY >= 0 && sourceY < SIDE && sourceX >= 0 && sourceX < SIDE;
                double value = inside ? pattern[sourceY * SIDE + sourceX] * brightness : 0;
                value += gaussian(random) * NOISE;
                pixels[offset + y * SIDE + x] = (byte) Math.max(0, Math.min(255, Math.round(value)));
            }
        }
    }

    private static float[][] patterns() {
        SplittableRandom random = new SplittableRandom(PATTERN_SEED);
        float[][] patterns = new float[CLASSES][SIDE * SIDE];
        for (float[] pattern : patterns) {
            for (int rectangle = 0; rectangle < RECTANGLES_PER_CLASS; rectangle++) {
                int top = random.nextInt(SIDE - 8);
                int left = random.nextInt(SIDE - 8);
                int height = 4 + random.nextInt(8);
                int width = 4 + random.nextInt(8);
                float intensity = 120 + random.nextInt(136);
                for (int y = top; y < Math.min(SIDE, top + height); y++) {
                    for (int x = left; x < Math.min(SIDE, left + width); x++) {
                        pattern[y * SIDE + x] = Math.max(pattern[y * SIDE + x], intensity);
                    }
                }
            }
        }
        return patterns;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
