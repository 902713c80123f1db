package org.ranksweep.core.spec;

/**
 * The data of a sweep.
 *
 * @param name       {@code fashion-mnist}, {@code synthetic} or {@code imagefolder}
 * @param path       directory override; null means the default location (Debian's package, then the cache);
 *                   required for {@code imagefolder} (the directory holding {@code train/} and {@code val/})
 * @param heldOut    images sliced off the training split for any search/selection; never the test split
 * @param trainLimit optional cap on training images (after the held-out slice) for quick runs; null = all
 * @param testLimit  optional cap on test images; null = all
 * @param augment    training augmentation: {@code none}, {@code light} (random shift ±2 px and horizontal flip) or
 *                   {@code deit} (DeiT's recipe: RandAugment, random erasing, mixup/cutmix with label smoothing,
 *                   drop-path); one of {@link SpecNames#AUGMENTATIONS}
 */
public record DatasetSpec(
        String name, String path, int heldOut, Integer trainLimit, Integer testLimit, String augment) {

    /** Whether training augments at all. */
    public boolean augments() {
        return !SpecNames.AUGMENT_NONE.equals(augment);
    }
}
