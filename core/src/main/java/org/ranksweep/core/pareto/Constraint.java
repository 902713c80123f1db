package org.ranksweep.core.pareto;

import java.util.Map;
import java.util.Objects;

/**
 * A hard constraint on a result metric, such as {@code params <= 200000}. Immutable, thread-safe.
 *
 * @param metric one of {@link Objective#METRICS}
 * @param bound  the limit
 * @param atMost true for {@code metric <= bound}, false for {@code metric >= bound}
 */
public record Constraint(String metric, boolean atMost, double bound) {

    public Constraint {
        Objective.requireMetric("constraint.metric", metric);
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("constraint bound on " + metric + " must be finite, was " + bound);
        }
    }

    /** {@code metric <= bound}. */
    public static Constraint atMost(String metric, double bound) {
        return new Constraint(metric, true, bound);
    }

    /** {@code metric >= bound}. */
    public static Constraint atLeast(String metric, double bound) {
        return new Constraint(metric, false, bound);
    }

    /** How far the result is outside the constraint: 0 when it holds, else the distance to the bound. */
    public double violation(Map<String, Double> metrics) {
        double value = Objective.value(metrics, metric);
        return Math.max(0, atMost ? value - bound : bound - value);
    }

    @Override
    public String toString() {
        return metric + (atMost ? " <= " : " >= ") + bound;
    }

    static double totalViolation(Iterable<Constraint> constraints, Map<String, Double> metrics) {
        double total = 0;
        for (Constraint constraint : constraints) {
            total += Objects.requireNonNull(constraint).violation(metrics);
        }
        return total;
    }
}
