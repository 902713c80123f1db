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

    /** Batches per pass over the images; the last one may be smaller. */
    public int count() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    /** Loads batch {@code index} of the images taken in {@code order}; {@code augmentation} may be null. */
    public ImageBatch load(NDManager manager, int[] order, int index, Augmentation augmentation) {
        int start = index * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int imageBytes = images.imageBytes();
        byte[] source = images.pixels();
        byte[] raw = new byte[size * imageBytes];
        long[] labels = new long[size];
        for (int i = 0; i < size; i++) {
            int image = order[start + i];
            labels[i] = images.label(image);
            if (augmentation == null) {
                System.arraycopy(source, image * imageBytes, raw, i * imageBytes, imageBytes);
            } else {
                augmentation.copy(source, image * imageBytes, raw, i * imageBytes, images.channels(),
                        images.height(), images.width());
            }
        }
        Shape shape = new Shape(size, images.channels(), images.height(), images.width());
        NDArray bytes = manager.create(ByteBuffer.wrap(raw), shape, DataType.UINT8);
        double scale = 1.0 / (255.0 * normalization.std());
        double shift = normalization.mean() / normalization.std();
        NDArray normalised = Scalars.minus(Scalars.times(bytes.toType(DataType.FLOAT32, false), scale), shift);
        return new ImageBatch(normalised, manager.create(labels));
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
