package org.ranksweep.core.pareto;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ranksweep.core.error.ValidationException;

/**
 * One objective of a sweep: a result metric and whether it is maximised or minimised. Immutable, thread-safe.
 *
 * @param metric one of {@link #METRICS}
 * @param goal   max or min
 */
public record Objective(String metric, Goal goal) {

    /** The metrics a trial result carries that an objective or constraint may name. */
    public static final Set<String> METRICS = Set.of("top1", "params", "macs", "latencyMs");

    public Objective {
        requireMetric("objective.metric", metric);
        Objects.requireNonNull(goal, "goal");
    }

    /** This objective's value in {@code metrics}, turned into one to minimise. */
    public double minimised(Map<String, Double> metrics) {
        return goal.minimised(value(metrics, metric));
    }

    static void requireMetric(String path, String metric) {
        if (!METRICS.contains(metric)) {
            throw ValidationException.of(
                    path, "must be one of " + METRICS.stream().sorted().toList() + ", was " + metric);
        }
    }

    static double value(Map<String, Double> metrics, String metric) {
        Double value = metrics.get(metric);
        if (value == null || value.isNaN()) {
            throw ValidationException.of(metric, "the result carries no value for metric " + metric);
        }
        return value;
    }
}
