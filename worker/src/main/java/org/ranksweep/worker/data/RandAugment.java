package org.ranksweep.worker.data;

import static org.ranksweep.worker.data.PilOps.affine;
import static org.ranksweep.worker.data.PilOps.autoContrast;
import static org.ranksweep.worker.data.PilOps.brightness;
import static org.ranksweep.worker.data.PilOps.color;
import static org.ranksweep.worker.data.PilOps.contrast;
import static org.ranksweep.worker.data.PilOps.equalize;
import static org.ranksweep.worker.data.PilOps.invert;
import static org.ranksweep.worker.data.PilOps.posterize;
import static org.ranksweep.worker.data.PilOps.rotate;
import static org.ranksweep.worker.data.PilOps.sharpness;
import static org.ranksweep.worker.data.PilOps.solarize;
import static org.ranksweep.worker.data.PilOps.solarizeAdd;

import java.util.List;
import java.util.SplittableRandom;
import org.ranksweep.worker.data.PilOps.Image;

/**
 * RandAugment as DeiT trains with it, timm's {@code rand-m9-mstd0.5-inc1}, on one raw uint8 image (channels × height
 * × width bytes, 1 or 3 channels). Per image, two ops are drawn uniformly with replacement from timm's
 * {@code _RAND_INCREASING_TRANSFORMS}; each is applied with probability 0.5 at a magnitude drawn from N(9, 0.5²)
 * clipped to [0, 10] (timm {@code AugmentOp.__call__}). The ops follow timm's {@code auto_augment.py} definitions,
 * which call PIL:
 * <ul>
 *   <li>AutoContrast: {@code ImageOps.autocontrast} (cutoff 0), per channel: (x − lo)·255/(hi − lo), truncated;</li>
 *   <li>Equalize: {@code ImageOps.equalize}, per channel histogram look-up table;</li>
 *   <li>Invert: 255 − x;</li>
 *   <li>Rotate: ±(m/10)·30 degrees counter-clockwise about the centre ({@code Image.rotate});</li>
 *   <li>PosterizeIncreasing: keep 4 − ⌊(m/10)·4⌋ high bits ({@code ImageOps.posterize});</li>
 *   <li>SolarizeIncreasing: threshold 256 − ⌊(m/10)·256⌋, x ≥ threshold becomes 255 − x;</li>
 *   <li>SolarizeAdd: add ⌊(m/10)·110⌋ to x &lt; 128, clipped at 255;</li>
 *   <li>Color/Contrast/Brightness/SharpnessIncreasing: {@code ImageEnhance} with factor max(0.1, 1 ± (m/10)·0.9),
 *       a blend x' = d + f·(x − d), truncated and clipped, of the image with its degenerate d: the grey image
 *       (ITU-R 601-2 luma, PIL's 'L'), the grey mean, black, and the 3×3 SMOOTH filter (interior pixels only);
 *       on a 1-channel image the grey image is the image itself, so Color is the identity there;</li>
 *   <li>ShearX/Y: ±(m/10)·0.3, PIL affine (1, s, 0, 0, 1, 0) resp. (1, 0, 0, s, 1, 0);</li>
 *   <li>TranslateX/YRel: ±(m/10)·0.45 of the width resp. height, PIL affine (1, 0, t, 0, 1, 0).</li>
 * </ul>
 * The pixel operations themselves are {@link PilOps}. Geometric ops sample bilinearly at pixel centres as PIL's affine transform does and fill the outside with the
 * dataset mean colour round(255·mean_c) (timm's {@code img_mean} hyper-parameter); timm draws bilinear or bicubic
 * per op (DeiT's 'bicubic' setting), here it is always bilinear, rounded to the nearest integer. Signs are drawn
 * with probability 0.5 each ({@code _randomly_negate}). Not thread-safe (owns its random generator).
 */
public final class RandAugment {

    /** timm's {@code _RAND_INCREASING_TRANSFORMS}, in its order. */
    public static final List<String> OPS = List.of(
            "AutoContrast",
            "Equalize",
            "Invert",
            "Rotate",
            "PosterizeIncreasing",
            "SolarizeIncreasing",
            "SolarizeAdd",
            "ColorIncreasing",
            "ContrastIncreasing",
            "BrightnessIncreasing",
            "SharpnessIncreasing",
            "ShearX",
            "ShearY",
            "TranslateXRel",
            "TranslateYRel");

    static final int LAYERS = 2;
    static final double MAGNITUDE = 9;
    static final double MAGNITUDE_STD = 0.5;
    static final double MAGNITUDE_MAX = 10;
    static final double OP_PROBABILITY = 0.5;

    private final SplittableRandom random;
    private final int[] fill;

    /**
     * @param random the generator to draw from (shared with the rest of one epoch's augmentation)
     * @param fill   per-channel fill value of the geometric ops (one value: every channel)
     */
    RandAugment(SplittableRandom random, int[] fill) {
        this.random = random;
        this.fill = fill.clone();
    }

    /** Fill values round(255·mean_c), at most 255, as timm's {@code img_mean}. */
    static int[] meanFill(Normalization normalization, int channels) {
        int[] fill = new int[channels];
        for (int channel = 0; channel < channels; channel++) {
            fill[channel] = (int) Math.min(255, Math.round(255 * normalization.mean(channel)));
        }
        return fill;
    }

    /** Augments the image at {@code offset} of {@code pixels} in place. */
    void apply(byte[] pixels, int offset, int channels, int height, int width) {
        Image image = Image.read(pixels, offset, channels, height, width);
        for (int layer = 0; layer < LAYERS; layer++) {
            String op = OPS.get(random.nextInt(OPS.size()));
            if (random.nextDouble() > OP_PROBABILITY) {
                continue;
            }
            double magnitude = Math.max(0, Math.min(MAGNITUDE_MAX, MAGNITUDE + MAGNITUDE_STD * random.nextGaussian()));
            image = apply(op, image, magnitude);
        }
        image.write(pixels, offset);
    }

    private Image apply(String op, Image image, double magnitude) {
        double level = magnitude / MAGNITUDE_MAX;
        return switch (op) {
            case "AutoContrast" -> autoContrast(image);
            case "Equalize" -> equalize(image);
            case "Invert" -> invert(image);
            case "Rotate" -> rotate(image, negate(level * 30), fill);
            case "PosterizeIncreasing" -> posterize(image, 4 - (int) (level * 4));
            case "SolarizeIncreasing" -> solarize(image, 256 - (int) (level * 256));
            case "SolarizeAdd" -> solarizeAdd(image, (int) (level * 110), 128);
            case "ColorIncreasing" -> color(image, enhanceFactor(level));
            case "ContrastIncreasing" -> contrast(image, enhanceFactor(level));
            case "BrightnessIncreasing" -> brightness(image, enhanceFactor(level));
            case "SharpnessIncreasing" -> sharpness(image, enhanceFactor(level));
            case "ShearX" -> affine(image, 1, negate(level * 0.3), 0, 0, 1, 0, fill);
            case "ShearY" -> affine(image, 1, 0, 0, negate(level * 0.3), 1, 0, fill);
            case "TranslateXRel" -> affine(image, 1, 0, negate(level * 0.45) * image.width, 0, 1, 0, fill);
            case "TranslateYRel" -> affine(image, 1, 0, 0, 0, 1, negate(level * 0.45) * image.height, fill);
            default -> throw new IllegalStateException("unknown op " + op);
        };
    }

    private double negate(double value) {
        return random.nextBoolean() ? -value : value;
    }

    /** timm's {@code _enhance_increasing_level_to_arg}. */
    private double enhanceFactor(double level) {
        return Math.max(0.1, 1.0 + negate(level * 0.9));
    }
}
