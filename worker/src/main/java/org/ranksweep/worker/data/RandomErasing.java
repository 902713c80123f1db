package org.ranksweep.worker.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * DeiT's random erasing, timm's {@code RandomErasing(probability=0.25, mode='pixel', max_count=1)} on normalised
 * images: with probability 0.25 an image gets one rectangle of per-pixel N(0, 1) noise (every channel drawn). The
 * rectangle follows timm's {@code _erase}: up to 10 attempts of target area U(0.02, 1/3)·H·W and aspect ratio
 * exp(U(ln 0.3, ln 1/0.3)), h = round(√(area·aspect)), w = round(√(area/aspect)); the first with h &lt; H and
 * w &lt; W is placed at a uniform top-left corner (top in [0, H − h], left in [0, W − w]). Not thread-safe (draws
 * from the caller's generator).
 */
final class RandomErasing {

    static final double PROBABILITY = 0.25;
    static final double MIN_AREA = 0.02;
    static final double MAX_AREA = 1.0 / 3;
    static final double MIN_ASPECT = 0.3;
    static final int ATTEMPTS = 10;

    private RandomErasing() {}

    /** One erased rectangle: rows [top, top + height), columns [left, left + width). */
    record Box(int top, int left, int height, int width) {}

    /** The rectangle to erase in an image of {@code height} × {@code width}, or null for none. */
    static Box draw(SplittableRandom random, int height, int width) {
        if (random.nextDouble() > PROBABILITY) {
            return null;
        }
        double area = (double) height * width;
        double logMin = Math.log(MIN_ASPECT);
        double logMax = Math.log(1 / MIN_ASPECT);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double target = (MIN_AREA + (MAX_AREA - MIN_AREA) * random.nextDouble()) * area;
            double aspect = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int h = (int) Math.round(Math.sqrt(target * aspect));
            int w = (int) Math.round(Math.sqrt(target / aspect));
            if (w < width && h < height) {
                return new Box(random.nextInt(height - h + 1), random.nextInt(width - w + 1), h, w);
            }
        }
        return null;
    }

    /**
     * Erases each image's box (entries may be null) of a normalised batch (batch, c, H, W) with noise drawn from
     * {@code random}; the results belong to {@code manager}. Returns {@code images} when no box is given.
     */
    static NDArray apply(NDManager manager, NDArray images, Box[] boxes, SplittableRandom random) {
        Shape shape = images.getShape();
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        int plane = height * width;
        float[] keep = new float[boxes.length * plane];
        Arrays.fill(keep, 1);
        float[] noise = new float[boxes.length * channels * plane];
        boolean any = false;
        for (int image = 0; image < boxes.length; image++) {
            Box box = boxes[image];
            if (box == null) {
                continue;
            }
            any = true;
            for (int channel = 0; channel < channels; channel++) {
                for (int y = box.top(); y < box.top() + box.height(); y++) {
                    for (int x = box.left(); x < box.left() + box.width(); x++) {
                        keep[image * plane + y * width + x] = 0;
                        noise[(image * channels + channel) * plane + y * width + x] = (float) random.nextGaussian();
                    }
                }
            }
        }
        if (!any) {
            return images;
        }
        return images.mul(manager.create(keep, new Shape(boxes.length, 1, height, width)))
                .add(manager.create(noise, shape));
    }
}
