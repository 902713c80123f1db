package org.ranksweep.worker.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What an image goes through before a trial's model sees it, recorded with the trial so that an exported model can
 * be evaluated outside RankSweep: optionally resized and centre-cropped, then as bytes x normalised per channel to
 * (x/255 − mean_c) / std_c. Immutable and thread-safe; round-trips through JSON.
 *
 * @param mean      per-channel means of pixels scaled to [0, 1], one per input channel
 * @param std       per-channel standard deviations, one per input channel
 * @param inputSize the model's input as [channels, height, width]
 * @param resize    how images of another size are brought to {@code inputSize}; null when the dataset's images are
 *                  used exactly as stored (Fashion-MNIST, synthetic)
 */
public record Preprocessing(List<Double> mean, List<Double> std, List<Integer> inputSize, Resize resize) {

    public Preprocessing {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        inputSize = List.copyOf(inputSize);
        if (inputSize.size() != 3 || mean.size() != inputSize.get(0) || std.size() != inputSize.get(0)) {
            throw new IllegalArgumentException("need inputSize [c, h, w] and c means and standard deviations, was "
                    + inputSize + ", " + mean + ", " + std);
        }
    }

    /**
     * The preprocessing of images with {@code channels} channels normalised by {@code normalization} (a uniform one
     * is repeated for every channel) and, when {@code transform} is not null, resized and cropped by it.
     */
    public static Preprocessing of(
            Normalization normalization, int channels, int height, int width, EvalTransform transform) {
        List<Double> mean = new ArrayList<>();
        List<Double> std = new ArrayList<>();
        for (int channel = 0; channel < channels; channel++) {
            mean.add(normalization.mean(channel));
            std.add(normalization.std(channel));
        }
        Resize resize = transform == null ? null : new Resize("bicubic", transform.resize(), transform.crop());
        return new Preprocessing(mean, std, List.of(channels, height, width), resize);
    }

    /**
     * Resize so the shorter side is {@code shorterSide} pixels with {@code interpolation} (antialiased when
     * downscaling, as PIL does), round to bytes, then crop the central {@code crop} × {@code crop} pixels.
     */
    public record Resize(String interpolation, int shorterSide, int crop) {

        /** timm's {@code crop_pct}: the crop as a fraction of the resized shorter side. */
        public double cropPct() {
            return (double) crop / shorterSide;
        }
    }
}
