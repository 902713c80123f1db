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
 * @param augment    light augmentation (random crop with padding) during training
 */
public record DatasetSpec(String name, String path, int heldOut, Integer trainLimit, Integer testLimit,
                          boolean augment) {
}
