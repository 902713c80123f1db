package org.ranksweep.worker.data;

/**
 * Images as unsigned bytes (one image after another, channels × height × width each) with their class labels.
 * Immutable by convention: the arrays are shared, never written after construction, so instances are
 * thread-safe.
 */
public final class ImageSet {

    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;

    public ImageSet(byte[] pixels, int[] labels, int channels, int height, int width) {
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, not " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Bytes per image. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** The shared pixel array; callers must not write to it. */
    byte[] pixels() {
        return pixels;
    }

    public int label(int index) {
        return labels[index];
    }

    /** The unsigned value of one pixel of one image. */
    public int pixel(int image, int offset) {
        return pixels[image * imageBytes() + offset] & 0xFF;
    }

    /** A new set holding the images at {@code indices}, in that order. */
    public ImageSet select(int[] indices) {
        int bytes = imageBytes();
        byte[] selectedPixels = new byte[indices.length * bytes];
        int[] selectedLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * bytes, selectedPixels, i * bytes, bytes);
            selectedLabels[i] = labels[indices[i]];
        }
        return new ImageSet(selectedPixels, selectedLabels, channels, height, width);
    }

    /** The first {@code count} images (all when the set is smaller). */
    public ImageSet head(int count) {
        int[] indices = new int[Math.min(count, size())];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return select(indices);
    }

    /** Mean and standard deviation of all pixel values scaled to [0, 1]. */
    public Normalization statistics() {
        double sum = 0;
        double squares = 0;
        for (byte value : pixels) {
            double scaled = (value & 0xFF) / 255.0;
            sum += scaled;
            squares += scaled * scaled;
        }
        double mean = sum / pixels.length;
        double variance = Math.max(squares / pixels.length - mean * mean, 1e-12);
        return new Normalization(mean, Math.sqrt(variance));
    }
}
