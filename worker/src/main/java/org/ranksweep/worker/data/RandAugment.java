package org.ranksweep.worker.data;

import java.util.List;
import java.util.SplittableRandom;

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
 * Geometric ops sample bilinearly at pixel centres as PIL's affine transform does and fill the outside with the
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

    static Image invert(Image image) {
        return image.map((channel, value) -> 255 - value);
    }

    /** Keeps the {@code bits} high bits; 8 or more: unchanged. */
    static Image posterize(Image image, int bits) {
        if (bits >= 8) {
            return image;
        }
        int mask = ~((1 << (8 - bits)) - 1) & 0xFF;
        return image.map((channel, value) -> value & mask);
    }

    /** Values at or above the threshold become 255 − x. */
    static Image solarize(Image image, int threshold) {
        return image.map((channel, value) -> value >= threshold ? 255 - value : value);
    }

    /** Values below the threshold get {@code add}, clipped at 255. */
    static Image solarizeAdd(Image image, int add, int threshold) {
        return image.map((channel, value) -> value < threshold ? Math.min(255, value + add) : value);
    }

    /** Per channel, stretches [min, max] to [0, 255]; a flat channel is unchanged. */
    static Image autoContrast(Image image) {
        Image result = image.copy();
        for (int channel = 0; channel < image.channels; channel++) {
            int lo = 255;
            int hi = 0;
            for (int index = 0; index < image.plane(); index++) {
                lo = Math.min(lo, image.get(channel, index));
                hi = Math.max(hi, image.get(channel, index));
            }
            if (hi <= lo) {
                continue;
            }
            double scale = 255.0 / (hi - lo);
            double offset = -lo * scale;
            for (int index = 0; index < image.plane(); index++) {
                int value = (int) (image.get(channel, index) * scale + offset);
                result.set(channel, index, Math.max(0, Math.min(255, value)));
            }
        }
        return result;
    }

    /** PIL's {@code ImageOps.equalize} per channel. */
    static Image equalize(Image image) {
        Image result = image.copy();
        for (int channel = 0; channel < image.channels; channel++) {
            int[] histogram = new int[256];
            for (int index = 0; index < image.plane(); index++) {
                histogram[image.get(channel, index)]++;
            }
            int total = 0;
            int last = 0;
            int nonZero = 0;
            for (int count : histogram) {
                if (count > 0) {
                    total += count;
                    last = count;
                    nonZero++;
                }
            }
            int step = nonZero <= 1 ? 0 : (total - last) / 255;
            if (step == 0) {
                continue;
            }
            int[] lut = new int[256];
            int n = step / 2;
            for (int value = 0; value < 256; value++) {
                lut[value] = Math.min(255, n / step);
                n += histogram[value];
            }
            for (int index = 0; index < image.plane(); index++) {
                result.set(channel, index, lut[image.get(channel, index)]);
            }
        }
        return result;
    }

    /** Blends towards the grey image ({@code ImageEnhance.Color}). */
    static Image color(Image image, double factor) {
        return blend(grey(image), image, factor);
    }

    /** Blends towards the grey mean ({@code ImageEnhance.Contrast}). */
    static Image contrast(Image image, double factor) {
        Image grey = grey(image);
        double sum = 0;
        for (int index = 0; index < grey.plane(); index++) {
            sum += grey.get(0, index);
        }
        int mean = (int) (sum / grey.plane() + 0.5);
        return blend(image.map((channel, value) -> mean), image, factor);
    }

    /** Blends towards black ({@code ImageEnhance.Brightness}). */
    static Image brightness(Image image, double factor) {
        return blend(image.map((channel, value) -> 0), image, factor);
    }

    /** Blends towards the SMOOTH-filtered image ({@code ImageEnhance.Sharpness}). */
    static Image sharpness(Image image, double factor) {
        Image smooth = image.copy();
        for (int channel = 0; channel < image.channels; channel++) {
            for (int y = 1; y < image.height - 1; y++) {
                for (int x = 1; x < image.width - 1; x++) {
                    int sum = 4 * image.get(channel, y, x);
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            sum += image.get(channel, y + dy, x + dx);
                        }
                    }
                    smooth.set(channel, y * image.width + x, (int) Math.round(sum / 13.0));
                }
            }
        }
        return blend(smooth, image, factor);
    }

    /** PIL's {@code Image.blend(degenerate, image, factor)} on uint8: d + f·(x − d), clipped, truncated. */
    static Image blend(Image degenerate, Image image, double factor) {
        Image result = image.copy();
        for (int channel = 0; channel < image.channels; channel++) {
            for (int index = 0; index < image.plane(); index++) {
                int d = degenerate.get(degenerate.channels == 1 ? 0 : channel, index);
                double value = d + factor * (image.get(channel, index) - d);
                result.set(channel, index, value <= 0 ? 0 : value >= 255 ? 255 : (int) value);
            }
        }
        return result;
    }

    /** PIL's 'L' conversion: (19595 R + 38470 G + 7471 B + 2^15) >> 16; a 1-channel image is its own grey. */
    static Image grey(Image image) {
        if (image.channels == 1) {
            return image;
        }
        Image grey = new Image(1, image.height, image.width);
        for (int index = 0; index < image.plane(); index++) {
            int luma = (19595 * image.get(0, index) + 38470 * image.get(1, index) + 7471 * image.get(2, index) + 0x8000)
                    >> 16;
            grey.set(0, index, luma);
        }
        return grey;
    }

    /** Rotates counter-clockwise by {@code degrees} about the image centre ({@code Image.rotate}). */
    static Image rotate(Image image, double degrees, int[] fill) {
        double angle = -Math.toRadians(degrees);
        // PIL rounds the matrix to 15 decimals, which makes quarter turns exact.
        double cos = Math.round(Math.cos(angle) * 1e15) / 1e15;
        double sin = Math.round(Math.sin(angle) * 1e15) / 1e15;
        double centreX = image.width / 2.0;
        double centreY = image.height / 2.0;
        // PIL: matrix (cos, sin, 0, −sin, cos, 0) about the centre, applied to output pixel centres.
        double c = centreX - cos * centreX - sin * centreY;
        double f = centreY + sin * centreX - cos * centreY;
        return affine(image, cos, sin, c, -sin, cos, f, fill);
    }

    /**
     * PIL's {@code Image.transform(AFFINE, (a, b, c, d, e, f))}: the output pixel (x, y) takes the input at
     * (a·x' + b·y' + c, d·x' + e·y' + f) with x' = x + 0.5, y' = y + 0.5 (pixel centres), sampled bilinearly;
     * points outside the image get {@code fill}.
     */
    static Image affine(Image image, double a, double b, double c, double d, double e, double f, int[] fill) {
        Image result = new Image(image.channels, image.height, image.width);
        for (int y = 0; y < image.height; y++) {
            for (int x = 0; x < image.width; x++) {
                double inX = a * (x + 0.5) + b * (y + 0.5) + c;
                double inY = d * (x + 0.5) + e * (y + 0.5) + f;
                boolean inside = inX >= 0 && inX < image.width && inY >= 0 && inY < image.height;
                for (int channel = 0; channel < image.channels; channel++) {
                    int value = inside
                            ? bilinear(image, channel, inX - 0.5, inY - 0.5)
                            : fill[fill.length == 1 ? 0 : channel];
                    result.set(channel, y * image.width + x, value);
                }
            }
        }
        return result;
    }

    /** Bilinear sample at pixel coordinates (centres at integers), neighbours clamped to the image. */
    private static int bilinear(Image image, int channel, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double dx = x - x0;
        double dy = y - y0;
        double top = lerp(image.clamped(channel, y0, x0), image.clamped(channel, y0, x0 + 1), dx);
        double bottom = lerp(image.clamped(channel, y0 + 1, x0), image.clamped(channel, y0 + 1, x0 + 1), dx);
        return (int) Math.max(0, Math.min(255, Math.round(lerp(top, bottom, dy))));
    }

    private static double lerp(double from, double to, double t) {
        return t == 0 ? from : from + (to - from) * t;
    }

    /** One uint8 image as ints, channel-major. Not thread-safe. */
    static final class Image {
        final int channels;
        final int height;
        final int width;
        private final int[] values;

        Image(int channels, int height, int width) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.values = new int[channels * height * width];
        }

        static Image read(byte[] pixels, int offset, int channels, int height, int width) {
            Image image = new Image(channels, height, width);
            for (int index = 0; index < image.values.length; index++) {
                image.values[index] = pixels[offset + index] & 0xFF;
            }
            return image;
        }

        void write(byte[] pixels, int offset) {
            for (int index = 0; index < values.length; index++) {
                pixels[offset + index] = (byte) values[index];
            }
        }

        int plane() {
            return height * width;
        }

        int get(int channel, int index) {
            return values[channel * plane() + index];
        }

        int get(int channel, int y, int x) {
            return values[channel * plane() + y * width + x];
        }

        int clamped(int channel, int y, int x) {
            return get(channel, Math.max(0, Math.min(height - 1, y)), Math.max(0, Math.min(width - 1, x)));
        }

        void set(int channel, int index, int value) {
            values[channel * plane() + index] = value;
        }

        Image copy() {
            Image copy = new Image(channels, height, width);
            System.arraycopy(values, 0, copy.values, 0, values.length);
            return copy;
        }

        Image map(PixelFunction function) {
            Image result = new Image(channels, height, width);
            for (int channel = 0; channel < channels; channel++) {
                for (int index = 0; index < plane(); index++) {
                    result.set(channel, index, function.apply(channel, get(channel, index)));
                }
            }
            return result;
        }
    }

    /** A value-wise op. */
    @FunctionalInterface
    interface PixelFunction {
        int apply(int channel, int value);
    }
}
