package org.ranksweep.worker.data;

import java.awt.image.BufferedImage;

/**
 * timm's evaluation transform for DeiT: resize so the shorter side is {@code resize} pixels (bicubic, with the
 * kernel widened by the downscale factor as PIL does, so large images are low-passed rather than aliased), then
 * crop the central {@code crop} × {@code crop} pixels; out come RGB bytes, channel-major. COMCAT's reference code
 * evaluates with crop ratio 1.0 (resize 224, crop 224: {@link #COMCAT}, the transform ImageFolder data gets); timm's
 * DeiT config has crop_pct 0.9 (resize int(224 / 0.9) = 248, crop 224: {@link #TIMM_DEIT}). Immutable and
 * thread-safe.
 *
 * @param resize target length of the shorter side
 * @param crop   side of the square centre crop, at most {@code resize}
 */
public record EvalTransform(int resize, int crop) {

    /** The evaluation the paper's numbers come from: shorter side 224, centre crop 224. */
    public static final EvalTransform COMCAT = new EvalTransform(224, 224);
    /** DeiT's evaluation transform in timm: shorter side 248 (224 / 0.9), centre crop 224. */
    public static final EvalTransform TIMM_DEIT = new EvalTransform(248, 224);

    private static final double CUBIC_A = -0.5;
    private static final double CUBIC_SUPPORT = 2.0;

    public EvalTransform {
        if (crop < 1 || crop > resize) {
            throw new IllegalArgumentException("crop " + crop + " must be in [1, resize " + resize + "]");
        }
    }

    /** The transformed image as 3 × crop × crop bytes (R plane, G plane, B plane) written at {@code offset}. */
    public void apply(BufferedImage image, byte[] target, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int newWidth = width <= height ? resize : (int) ((long) width * resize / height);
        int newHeight = width <= height ? (int) ((long) height * resize / width) : resize;
        float[][] planes = rgbPlanes(image);
        // Python's round (half to even), as torchvision's CenterCrop computes the offsets.
        int left = (int) Math.rint((newWidth - crop) / 2.0);
        int top = (int) Math.rint((newHeight - crop) / 2.0);
        for (int channel = 0; channel < 3; channel++) {
            float[] horizontal = resample(planes[channel], width, height, newWidth, true);
            float[] resized = resample(horizontal, newWidth, height, newHeight, false);
            int plane = offset + channel * crop * crop;
            for (int y = 0; y < crop; y++) {
                for (int x = 0; x < crop; x++) {
                    float value = resized[(top + y) * newWidth + left + x];
                    target[plane + y * crop + x] = (byte) Math.max(0, Math.min(255, Math.round(value)));
                }
            }
        }
    }

    private static float[][] rgbPlanes(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[][] planes = new float[3][width * height];
        for (int i = 0; i < argb.length; i++) {
            planes[0][i] = (argb[i] >> 16) & 0xFF;
            planes[1][i] = (argb[i] >> 8) & 0xFF;
            planes[2][i] = argb[i] & 0xFF;
        }
        return planes;
    }

    /**
     * Resamples one plane along x ({@code horizontal}) or y to {@code newLength}, PIL's way: output pixel i covers
     * input centre (i + 0.5)·scale, and the bicubic kernel is stretched by max(scale, 1).
     */
    private static float[] resample(float[] plane, int width, int height, int newLength, boolean horizontal) {
        int length = horizontal ? width : height;
        int newWidth = horizontal ? newLength : width;
        int newHeight = horizontal ? height : newLength;
        double scale = (double) length / newLength;
        double filterScale = Math.max(scale, 1.0);
        double support = CUBIC_SUPPORT * filterScale;
        float[] out = new float[newWidth * newHeight];
        for (int i = 0; i < newLength; i++) {
            double center = (i + 0.5) * scale;
            int min = Math.max((int) (center - support + 0.5), 0);
            int max = Math.min((int) (center + support + 0.5), length);
            double[] weights = new double[max - min];
            double total = 0;
            for (int j = min; j < max; j++) {
                weights[j - min] = cubic((j - center + 0.5) / filterScale);
                total += weights[j - min];
            }
            for (int other = 0; other < (horizontal ? height : width); other++) {
                double sum = 0;
                for (int j = min; j < max; j++) {
                    int index = horizontal ? other * width + j : j * width + other;
                    sum += weights[j - min] * plane[index];
                }
                int target = horizontal ? other * newWidth + i : i * newWidth + other;
                out[target] = (float) (total == 0 ? 0 : sum / total);
            }
        }
        return out;
    }

    private static double cubic(double x) {
        double t = Math.abs(x);
        if (t < 1) {
            return ((CUBIC_A + 2) * t - (CUBIC_A + 3)) * t * t + 1;
        }
        if (t < 2) {
            return (((t - 5) * t + 8) * t - 4) * CUBIC_A;
        }
        return 0;
    }
}
