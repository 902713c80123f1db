package org.ranksweep.worker.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.ranksweep.worker.model.Scalars;

/**
 * DeiT's batch mixing, timm's {@code Mixup} in mode 'batch' with {@code mixup_alpha} 0.8, {@code cutmix_alpha} 1.0,
 * {@code prob} 1.0, {@code switch_prob} 0.5, {@code correct_lam} true and {@code label_smoothing} 0.1: per batch,
 * cutmix with probability 0.5 (λ ~ Beta(1, 1)) or else mixup (λ ~ Beta(0.8, 0.8)); every image is mixed with the
 * image at the mirrored position of the batch ({@code x.flip(0)}). Mixup: x' = λ·x + (1 − λ)·flip(x). Cutmix
 * ({@code rand_bbox}): a box of ⌊H·√(1−λ)⌋ × ⌊W·√(1−λ)⌋ centred at a uniform pixel, clipped to the image, is
 * pasted from the mirrored image and λ becomes 1 − box area / image area. Targets ({@code mixup_target}):
 * λ·smooth(y) + (1 − λ)·smooth(flip(y)), smooth = one-hot with on 1 − ε + ε/K and off ε/K. Not thread-safe (draws
 * from the caller's generator).
 */
final class MixupCutmix {

    static final double MIXUP_ALPHA = 0.8;
    static final double CUTMIX_ALPHA = 1.0;
    static final double SWITCH_PROBABILITY = 0.5;
    static final double LABEL_SMOOTHING = 0.1;

    private MixupCutmix() {}

    /**
     * One batch's mixing: mixup when {@code cutmix} is false (box empty), else cutmix with the box rows
     * [top, bottom) and columns [left, right).
     */
    record Mix(boolean cutmix, double lambda, int top, int bottom, int left, int right) {

        static Mix mixup(double lambda) {
            return new Mix(false, lambda, 0, 0, 0, 0);
        }

        /** A cutmix box; λ is corrected to the share of the image the box leaves alone. */
        static Mix cutmix(int top, int bottom, int left, int right, int height, int width) {
            double area = (double) (bottom - top) * (right - left);
            return new Mix(true, 1 - area / ((double) height * width), top, bottom, left, right);
        }
    }

    /** Draws one batch's mixing for images of {@code height} × {@code width}. */
    static Mix draw(SplittableRandom random, int height, int width) {
        boolean cutmix = random.nextDouble() < SWITCH_PROBABILITY;
        double lambda = beta(random, cutmix ? CUTMIX_ALPHA : MIXUP_ALPHA);
        if (!cutmix) {
            return Mix.mixup(lambda);
        }
        double ratio = Math.sqrt(1 - lambda);
        int cutHeight = (int) (height * ratio);
        int cutWidth = (int) (width * ratio);
        int centreY = random.nextInt(height);
        int centreX = random.nextInt(width);
        return Mix.cutmix(
                clip(centreY - cutHeight / 2, height),
                clip(centreY + cutHeight / 2, height),
                clip(centreX - cutWidth / 2, width),
                clip(centreX + cutWidth / 2, width),
                height,
                width);
    }

    private static int clip(int value, int limit) {
        return Math.max(0, Math.min(limit, value));
    }

    /** Mixes a batch (batch, c, H, W) on the engine; the results belong to {@code manager}. */
    static NDArray mix(NDManager manager, NDArray images, Mix mix) {
        NDArray mirrored = images.flip(0);
        if (!mix.cutmix()) {
            return Scalars.times(images, mix.lambda()).add(Scalars.times(mirrored, 1 - mix.lambda()));
        }
        Shape shape = images.getShape();
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        float[] box = new float[height * width];
        for (int y = mix.top(); y < mix.bottom(); y++) {
            for (int x = mix.left(); x < mix.right(); x++) {
                box[y * width + x] = 1;
            }
        }
        NDArray inside = manager.create(box, new Shape(1, 1, height, width));
        NDArray outside = manager.ones(inside.getShape()).sub(inside);
        return images.mul(outside).add(mirrored.mul(inside));
    }

    /** Soft targets (batch × classes, row-major) of labels mixed with their mirror at λ, label-smoothed. */
    static float[] targets(long[] labels, int classes, double lambda, double smoothing) {
        int batch = labels.length;
        double off = smoothing / classes;
        double on = 1 - smoothing + off;
        float[] targets = new float[batch * classes];
        for (int i = 0; i < batch; i++) {
            for (int k = 0; k < classes; k++) {
                double own = labels[i] == k ? on : off;
                double mirrored = labels[batch - 1 - i] == k ? on : off;
                targets[i * classes + k] = (float) (lambda * own + (1 - lambda) * mirrored);
            }
        }
        return targets;
    }

    /** Beta(α, α) as X / (X + Y) of two Gamma(α) draws (numpy's {@code beta} distribution). */
    static double beta(SplittableRandom random, double alpha) {
        double x = gamma(random, alpha);
        double y = gamma(random, alpha);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang; shapes below 1 via Gamma(shape + 1)·U^(1/shape). */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
