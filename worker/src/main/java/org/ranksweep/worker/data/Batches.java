package org.ranksweep.worker.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import org.ranksweep.worker.model.Scalars;

/**
 * Cuts an {@link ImageSet} into batches in a given order and moves each onto the engine as UINT8 bytes, normalised
 * there (one host copy of the raw bytes per batch, nothing per pixel in Java unless augmenting). Thread-safe: the
 * only state is immutable; an {@link Augmentation} passed in is used by the calling thread only.
 */
public final class Batches {

    private final ImageSet images;
    private final Normalization normalization;
    private final int batchSize;

    public Batches(ImageSet images, Normalization normalization, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
        }
        this.images = images;
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    public ImageSet images() {
        return images;
    }

    public Normalization normalization() {
        return normalization;
    }

    /** Batches per pass over the images; the last one may be smaller. */
    public int count() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /** Loads batch {@code index} of the images taken in {@code order}; {@code augmentation} may be null. */
    public ImageBatch load(NDManager manager, int[] order, int index, Augmentation augmentation) {
        Raw raw = raw(
                order,
                index,
                augmentation == null
                        ? null
                        : (source, target, offset) -> augmentation.copy(
                                source, 0, target, offset, images.channels(), images.height(), images.width()));
        return new ImageBatch(normalise(manager, raw.pixels(manager)), manager.create(raw.labels));
    }

    /**
     * Loads batch {@code index} with DeiT's augmentation: RandAugment on the raw bytes, normalisation, random
     * erasing, then mixup/cutmix with soft targets.
     */
    public ImageBatch loadDeit(NDManager manager, int[] order, int index, DeitAugmentation augmentation) {
        Raw raw = raw(order, index, (source, target, offset) -> {
            System.arraycopy(source, 0, target, offset, source.length);
            augmentation.augmentRaw(target, offset, images.channels(), images.height(), images.width());
        });
        return augmentation.finish(manager, normalise(manager, raw.pixels(manager)), raw.labels);
    }

    /** The raw bytes and labels of one batch, each image passed through {@code transform} when not null. */
    private Raw raw(int[] order, int index, RawTransform transform) {
        int start = index * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int imageBytes = images.imageBytes();
        byte[] raw = new byte[size * imageBytes];
        byte[] original = transform == null ? null : new byte[imageBytes];
        long[] labels = new long[size];
        for (int i = 0; i < size; i++) {
            int image = order[start + i];
            labels[i] = images.label(image);
            if (transform == null) {
                images.copyImage(image, raw, i * imageBytes);
            } else {
                images.copyImage(image, original, 0);
                transform.write(original, raw, i * imageBytes);
            }
        }
        return new Raw(raw, labels, size);
    }

    /** Writes a transformed copy of one image's bytes into {@code target} at {@code offset}. */
    @FunctionalInterface
    private interface RawTransform {
        void write(byte[] source, byte[] target, int offset);
    }

    private final class Raw {
        private final byte[] bytes;
        private final long[] labels;
        private final int size;

        private Raw(byte[] bytes, long[] labels, int size) {
            this.bytes = bytes;
            this.labels = labels;
            this.size = size;
        }

        /** The bytes as FLOAT32 (batch, c, H, W) in {@code manager}. */
        private NDArray pixels(NDManager manager) {
            Shape shape = new Shape(size, images.channels(), images.height(), images.width());
            return manager.create(ByteBuffer.wrap(bytes), shape, DataType.UINT8).toType(DataType.FLOAT32, false);
        }
    }

    /** (x/255 − mean_c) / std_c, as x·scale_c − shift_c; constants are arrays the batch's manager owns. */
    private NDArray normalise(NDManager manager, NDArray pixels) {
        if (normalization.isUniform()) {
            double scale = 1.0 / (255.0 * normalization.std(0));
            double shift = normalization.mean(0) / normalization.std(0);
            return Scalars.minus(Scalars.times(pixels, scale), shift);
        }
        int channels = images.channels();
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int channel = 0; channel < channels; channel++) {
            scale[channel] = (float) (1.0 / (255.0 * normalization.std(channel)));
            shift[channel] = (float) (normalization.mean(channel) / normalization.std(channel));
        }
        Shape perChannel = new Shape(1, channels, 1, 1);
        return pixels.mul(manager.create(scale, perChannel)).sub(manager.create(shift, perChannel));
    }

    /** The identity order 0..size-1, for evaluation. */
    public static int[] sequentialOrder(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return order;
    }

    /** A shuffled order for one training epoch, fixed by the seed and the epoch number. */
    public static int[] epochOrder(int size, long seed, int epoch) {
        return DatasetLoader.permutation(size, seed * 0x9E3779B97F4A7C15L + epoch);
    }
}
