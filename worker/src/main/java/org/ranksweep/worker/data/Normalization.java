package org.ranksweep.worker.data;

import java.util.Arrays;

/**
 * Pixel normalisation per channel: x' = (x/255 − mean_c) / std_c. One value applies to every channel. Immutable
 * and thread-safe.
 *
 * @param means per-channel means of pixels scaled to [0, 1] (one value: all channels)
 * @param stds  per-channel standard deviations (as many as {@code means})
 */
public record Normalization(double[] means, double[] stds) {

    /** ImageNet's statistics (torchvision / timm {@code IMAGENET_DEFAULT_MEAN} and {@code _STD}), RGB. */
    public static final Normalization IMAGENET =
            new Normalization(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    public Normalization {
        if (means.length == 0 || means.length != stds.length) {
            throw new IllegalArgumentException("need as many means as standard deviations, at least one");
        }
        means = means.clone();
        stds = stds.clone();
    }

    /** The same mean and standard deviation for every channel. */
    public static Normalization uniform(double mean, double std) {
        return new Normalization(new double[] {mean}, new double[] {std});
    }

    public double mean(int channel) {
        return means[means.length == 1 ? 0 : channel];
    }

    public double std(int channel) {
        return stds[stds.length == 1 ? 0 : channel];
    }

    /** True when one value applies to every channel. */
    public boolean isUniform() {
        return means.length == 1;
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] stds() {
        return stds.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Normalization n && Arrays.equals(means, n.means) && Arrays.equals(stds, n.stds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(means) * 31 + Arrays.hashCode(stds);
    }

    @Override
    public String toString() {
        return "Normalization(mean=" + Arrays.toString(means) + ", std=" + Arrays.toString(stds) + ")";
    }
}
