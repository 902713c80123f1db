package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Initial values drawn from a Java random generator seeded by the trial, so that a model's initial weights
 * depend only on its seed and the order its parameters are initialised in, never on the engine's global random
 * state (other trials in the same JVM may use it). Not thread-safe: one instance initialises one model.
 */
public final class SeededInitializer implements Initializer {

    /** How the values are distributed. */
    public enum Kind {
        /** Glorot/Xavier uniform, bound sqrt(6 / (fanIn + fanOut)). */
        XAVIER_UNIFORM,
        /** Normal with standard deviation 0.02, truncated at two standard deviations (timm's ViT initialisation). */
        TRUNCATED_NORMAL
    }

    private static final double TRUNCATED_SIGMA = 0.02;

    private final Kind kind;
    private final SplittableRandom random;

    public SeededInitializer(Kind kind, SplittableRandom random) {
        this.kind = kind;
        this.random = random;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float[] values = new float[Math.toIntExact(shape.size())];
        if (kind == Kind.XAVIER_UNIFORM) {
            double bound = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (truncatedGaussian() * TRUNCATED_SIGMA);
            }
        }
        // The engine must own the parameter's memory: an array created from a Java buffer only borrows it.
        try (NDArray borrowed = manager.create(values, shape)) {
            return borrowed.duplicate().toType(dataType, false);
        }
    }

    private double truncatedGaussian() {
        while (true) {
            double candidate = gaussian();
            if (Math.abs(candidate) <= 2) {
                return candidate;
            }
        }
    }

    private double gaussian() {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long receptiveField(Shape shape) {
        return shape.dimension() > 2 ? shape.slice(2).size() : 1;
    }

    private static long fanIn(Shape shape) {
        return shape.dimension() > 1 ? shape.get(1) * receptiveField(shape) : shape.get(0);
    }

    private static long fanOut(Shape shape) {
        return shape.get(0) * receptiveField(shape);
    }
}
