package org.ranksweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.TorchRuntime;

/**
 * The dense teacher's predicted class for every training image, in the training set's order. That is all
 * distillation takes from the teacher when the student sees the images as stored (no augmentation) and no block
 * outputs are aligned, and it is the same for every compressed trial distilled from one base model on one data
 * slice; {@link TeacherLabelCache} computes it once and keeps it. Immutable and thread-safe.
 */
public final class TeacherLabels {

    /** Images per teacher forward pass while computing the labels. */
    private static final int BATCH = 256;

    private final int[] labels;

    TeacherLabels(int[] labels) {
        this.labels = labels.clone();
    }

    /** Runs {@code teacher} over {@code data.train()} in order, batch by batch, and keeps each image's argmax. */
    public static TeacherLabels compute(Teacher teacher, SplitDataset data, NDManager manager) {
        TorchRuntime.disableGradients();
        Batches batches = new Batches(data.train(), data.normalization(), BATCH);
        int[] order = Batches.sequentialOrder(data.train().size());
        int[] labels = new int[order.length];
        for (int index = 0; index < batches.count(); index++) {
            try (NDManager scope = manager.newSubManager()) {
                ImageBatch batch = batches.load(scope, order, index, null);
                long[] predicted = teacher.forward(batch.images(), List.of())
                        .head()
                        .argMax(-1)
                        .toLongArray();
                for (int i = 0; i < predicted.length; i++) {
                    labels[index * BATCH + i] = Math.toIntExact(predicted[i]);
                }
            }
        }
        return new TeacherLabels(labels);
    }

    /** Training images covered. */
    public int size() {
        return labels.length;
    }

    /** The teacher's class of training image {@code image}. */
    public int label(int image) {
        return labels[image];
    }

    /**
     * The labels of batch {@code index} when the training images are taken in {@code order}, {@code batchSize} at a
     * time (as {@link Batches#load} cuts them), as an INT64 vector like {@code argMax} gives.
     */
    NDArray forBatch(NDManager manager, int[] order, int index, int batchSize) {
        int start = index * batchSize;
        long[] batch = new long[Math.min(batchSize, order.length - start)];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = labels[order[start + i]];
        }
        return manager.create(batch);
    }

    /** The labels as big-endian 32-bit integers, for {@link TeacherLabelCache}. */
    byte[] toBytes() {
        ByteBuffer bytes = ByteBuffer.allocate(4 * labels.length);
        bytes.asIntBuffer().put(labels);
        return bytes.array();
    }

    /** The inverse of {@link #toBytes()}. */
    static TeacherLabels fromBytes(byte[] bytes) {
        if (bytes.length % 4 != 0) {
            throw new IllegalArgumentException("teacher labels take 4 bytes each; " + bytes.length + " bytes given");
        }
        int[] labels = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).asIntBuffer().get(labels);
        return new TeacherLabels(labels);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TeacherLabels that && Arrays.equals(labels, that.labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "TeacherLabels[" + labels.length + " images]";
    }
}
