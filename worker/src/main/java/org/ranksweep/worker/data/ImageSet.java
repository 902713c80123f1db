package org.ranksweep.worker.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Images as unsigned bytes (channels × height × width each) with their class labels: either held in memory (one
 * image after another) or a selection of the images of an {@link ImageSource} that are decoded on demand.
 * Immutable by convention: the arrays are shared, never written after construction, so instances are
 * thread-safe.
 */
public final class ImageSet {

    /** Images a lazily decoded set reads to estimate its statistics. */
    static final int STATISTICS_SAMPLE = 1000;

    private final byte[] pixels;
    private final ImageSource source;
    private final int[] sourceIndices;
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
        this.source = null;
        this.sourceIndices = null;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    private ImageSet(ImageSource source, int[] sourceIndices) {
        this.pixels = null;
        this.source = source;
        this.sourceIndices = sourceIndices;
        this.labels = new int[sourceIndices.length];
        for (int i = 0; i < sourceIndices.length; i++) {
            labels[i] = source.label(sourceIndices[i]);
        }
        this.channels = source.channels();
        this.height = source.height();
        this.width = source.width();
    }

    /** All images of a source, decoded when a batch reads them. */
    public static ImageSet of(ImageSource source) {
        return new ImageSet(source, Batches.sequentialOrder(source.size()));
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

    /** The shared pixel array of an in-memory set; callers must not write to it. */
    byte[] pixels() {
        if (pixels == null) {
            throw new IllegalStateException("images of " + source + " are decoded on demand, not held in memory");
        }
        return pixels;
    }

    /** Writes image {@code image} (channels × height × width bytes) into {@code target} at {@code offset}. */
    void copyImage(int image, byte[] target, int offset) {
        if (pixels != null) {
            System.arraycopy(pixels, image * imageBytes(), target, offset, imageBytes());
        } else {
            source.read(sourceIndices[image], target, offset);
        }
    }

    /**
     * Feeds the set's shape, labels and every image's bytes, in order, to {@code digest}: two sets with the same
     * digest hold the same images in the same order (a set decoded on demand is decoded once for this).
     */
    public void digestInto(MessageDigest digest) {
        digest.update(ByteBuffer.allocate(16)
                .putInt(size())
                .putInt(channels)
                .putInt(height)
                .putInt(width)
                .array());
        ByteBuffer labelBytes = ByteBuffer.allocate(4 * labels.length);
        labelBytes.asIntBuffer().put(labels);
        digest.update(labelBytes.array());
        if (pixels != null) {
            digest.update(pixels);
            return;
        }
        byte[] image = new byte[imageBytes()];
        for (int i = 0; i < size(); i++) {
            copyImage(i, image, 0);
            digest.update(image);
        }
    }

    public int label(int index) {
        return labels[index];
    }

    /** The unsigned value of one pixel of one image. */
    public int pixel(int image, int offset) {
        if (pixels == null) {
            byte[] one = new byte[imageBytes()];
            copyImage(image, one, 0);
            return one[offset] & 0xFF;
        }
        return pixels[image * imageBytes() + offset] & 0xFF;
    }

    /** A new set holding the images at {@code indices}, in that order. */
    public ImageSet select(int[] indices) {
        if (pixels == null) {
            int[] selected = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                selected[i] = sourceIndices[indices[i]];
            }
            return new ImageSet(source, selected);
        }
        int bytes = imageBytes();
        byte[] selectedPixels = new byte[indices.length * bytes];
        int[] selectedLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * bytes, selectedPixels, i * bytes, bytes);
            selectedLabels[i] = labels[indices[i]];
        }
        return new ImageSet(selectedPixels, selectedLabels, channels, height, width);
    }

    /** The images of class {@code label}, in order. */
    public ImageSet withLabel(int label) {
        return select(java.util.stream.IntStream.range(0, size())
                .filter(index -> label(index) == label)
                .toArray());
    }

    /** The first {@code count} images (all when the set is smaller). */
    public ImageSet head(int count) {
        int[] indices = new int[Math.min(count, size())];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return select(indices);
    }

    /**
     * Mean and standard deviation of all pixel values scaled to [0, 1], one value for all channels; a set decoded on
     * demand estimates them from at most {@value #STATISTICS_SAMPLE} evenly spaced images.
     */
    public Normalization statistics() {
        byte[] values = pixels;
        if (values == null) {
            int count = Math.min(size(), STATISTICS_SAMPLE);
            values = new byte[count * imageBytes()];
            for (int i = 0; i < count; i++) {
                copyImage((int) ((long) i * size() / count), values, i * imageBytes());
            }
        }
        double sum = 0;
        double squares = 0;
        for (byte value : values) {
            double scaled = (value & 0xFF) / 255.0;
            sum += scaled;
            squares += scaled * scaled;
        }
        double mean = sum / values.length;
        double variance = Math.max(squares / values.length - mean * mean, 1e-12);
        return Normalization.uniform(mean, Math.sqrt(variance));
    }
}
