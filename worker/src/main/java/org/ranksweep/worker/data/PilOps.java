package org.ranksweep.worker.data;

/**
 * The pixel operations RandAugment draws from, each as PIL computes it on uint8 images ({@code ImageOps},
 * {@code ImageEnhance}, {@code Image.rotate} and {@code Image.transform(AFFINE)} with bilinear sampling), on an
 * {@link Image} of 1 or 3 channels. {@link RandAugment} says which op runs at which magnitude. Stateless.
 */
final class PilOps {

    private PilOps() {}

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
