package org.ranksweep.worker.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * DeiT's training augmentation (COMCAT.md §5; timm's {@code create_transform} with {@code auto_augment}
 * 'rand-m9-mstd0.5-inc1', {@code re_prob} 0.25, {@code re_mode} 'pixel', and {@code Mixup} with label smoothing
 * 0.1): {@link RandAugment} on each raw uint8 image, then normalisation (by {@link Batches}), then
 * {@link RandomErasing} per image, then {@link MixupCutmix} over the batch, which yields soft targets. Everything is
 * drawn from one generator seeded by the caller (the trial seed and epoch), in batch order, so an epoch is
 * reproducible. Drop-path, the recipe's model-side part, is {@code org.ranksweep.worker.model.DropPath}. Not
 * thread-safe (owns its random generator).
 */
public final class DeitAugmentation {

    private final SplittableRandom random;
    private final RandAugment randAugment;
    private final int classes;

    /**
     * @param seed          fixes every draw
     * @param normalization the dataset's, for the fill colour of the geometric ops
     * @param channels      image channels
     * @param classes       number of classes of the soft targets
     */
    public DeitAugmentation(long seed, Normalization normalization, int channels, int classes) {
        this.random = new SplittableRandom(seed);
        this.randAugment = new RandAugment(random, RandAugment.meanFill(normalization, channels));
        this.classes = classes;
    }

    /** RandAugment on one raw image (channels × height × width bytes at {@code offset}), in place. */
    void augmentRaw(byte[] pixels, int offset, int channels, int height, int width) {
        randAugment.apply(pixels, offset, channels, height, width);
    }

    /**
     * Random erasing and mixing of a normalised batch (batch, c, H, W) with its labels; every array goes into
     * {@code manager}.
     */
    ImageBatch finish(NDManager manager, NDArray images, long[] labels) {
        Shape shape = images.getShape();
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        RandomErasing.Box[] boxes = new RandomErasing.Box[labels.length];
        for (int image = 0; image < labels.length; image++) {
            boxes[image] = RandomErasing.draw(random, height, width);
        }
        NDArray erased = RandomErasing.apply(manager, images, boxes, random);
        MixupCutmix.Mix mix = MixupCutmix.draw(random, height, width);
        NDArray mixed = MixupCutmix.mix(manager, erased, mix);
        float[] targets = MixupCutmix.targets(labels, classes, mix.lambda(), MixupCutmix.LABEL_SMOOTHING);
        return new ImageBatch(
                mixed, manager.create(labels), manager.create(targets, new Shape(labels.length, classes)));
    }
}
