package org.ranksweep.orchestrator.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Hypervolume;
import org.ranksweep.core.pareto.Objective;

/**
 * How a sweep's Pareto front grew: after each completed trial, in completion order (end time, then trial id), the hypervolume
 * ({@link Hypervolume}) of the completed results under the sweep's objectives. Dominated results add nothing, so
 * this is the hypervolume of the front so far.
 *
 * <p>The reference point is one for the whole series: 0 for a maximised objective (top-1 is a fraction, so the
 * whole accuracy axis counts); for a minimised one the dense model's value when the sweep has a completed
 * {@code dense} or {@code dense-ft} result (the largest of them; the front is then measured against what the
 * uncompressed model costs, and a result no cheaper than it adds nothing), else the largest value any completed
 * result has × 1.1, so the most expensive result still adds a sliver. The largest value is taken over every
 * completed result, so the series of a running sweep is recomputed against a new reference when a more expensive
 * result arrives. A result that breaks a constraint adds nothing (its point repeats the value before it). Immutable and thread-safe.
 *
 * @param objectives    what the hypervolume measures, the sweep's objectives
 * @param reference     the reference point per objective metric; empty while nothing completed
 * @param referenceFrom {@code dense} when the dense model's values bound the minimised objectives, {@code largest}
 *                      when the largest value seen × 1.1 does (also when every objective is maximised)
 * @param points        one per completed trial, in completion order
 */
public record HypervolumeSeries(
        List<Objective> objectives, Map<String, Double> reference, String referenceFrom, List<Point> points) {

    /** Headroom over the largest value seen, when no dense result bounds a minimised objective. */
    public static final double HEADROOM = 1.1;

    private static final Set<String> DENSE = Set.of(Methods.DENSE.name(), Methods.DENSE_FT.name());

    public HypervolumeSeries {
        objectives = List.copyOf(objectives);
        reference = Map.copyOf(reference);
        points = List.copyOf(points);
    }

    /**
     * The hypervolume after one more completed trial.
     *
     * @param hypervolume of the completed results up to and including this one
     */
    public record Point(long trialId, String label, Instant endedAt, double hypervolume) {}

    /**
     * A completed trial as the series reads it.
     *
     * @param metrics its result under the names objectives use: {@code top1}, {@code params}, {@code macs} and
     *                {@code latencyMs} (batch 64)
     */
    public record Completed(long trialId, String label, String method, Instant endedAt, Map<String, Double> metrics) {
        public Completed {
            metrics = Map.copyOf(metrics);
        }
    }

    /** The series over completed trials given in completion order. */
    public static HypervolumeSeries of(
            List<Objective> objectives, List<Constraint> constraints, List<Completed> completed) {
        List<Map<String, Double>> metrics =
                completed.stream().map(Completed::metrics).toList();
        boolean dense = completed.stream().anyMatch(c -> DENSE.contains(c.method()));
        Map<String, Double> reference = new LinkedHashMap<>();
        if (!completed.isEmpty()) {
            for (Objective objective : objectives) {
                reference.put(objective.metric(), referenceValue(objective, completed, metrics, dense));
            }
        }
        // Only the front so far is kept: a dominated result adds no volume, so the hypervolume of the front is that
        // of every result counted, and it is recomputed only when the front changes (large sweeps stay cheap).
        List<Map<String, Double>> front = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        double hypervolume = 0;
        for (int i = 0; i < completed.size(); i++) {
            Map<String, Double> result = metrics.get(i);
            if (feasible(result, constraints) && joinsFront(front, result, objectives)) {
                hypervolume = Hypervolume.of(front, objectives, reference);
            }
            Completed trial = completed.get(i);
            points.add(new Point(trial.trialId(), trial.label(), trial.endedAt(), hypervolume));
        }
        return new HypervolumeSeries(objectives, reference, dense ? "dense" : "largest", points);
    }

    private static double referenceValue(
            Objective objective, List<Completed> completed, List<Map<String, Double>> metrics, boolean dense) {
        if (objective.goal() == Goal.MAX) {
            return 0;
        }
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < completed.size(); i++) {
            if (!dense || DENSE.contains(completed.get(i).method())) {
                largest = Math.max(largest, metrics.get(i).get(objective.metric()));
            }
        }
        return dense ? largest : largest * HEADROOM;
    }

    /** Adds the result to the front unless a member is at least as good in every objective; drops what it beats. */
    private static boolean joinsFront(
            List<Map<String, Double>> front, Map<String, Double> result, List<Objective> objectives) {
        for (Map<String, Double> member : front) {
            if (atLeastAsGood(member, result, objectives)) {
                return false;
            }
        }
        front.removeIf(member -> atLeastAsGood(result, member, objectives));
        front.add(result);
        return true;
    }

    private static boolean atLeastAsGood(Map<String, Double> a, Map<String, Double> b, List<Objective> objectives) {
        for (Objective objective : objectives) {
            if (objective.minimised(a) > objective.minimised(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean feasible(Map<String, Double> result, List<Constraint> constraints) {
        for (Constraint constraint : constraints) {
            if (constraint.violation(result) > 0) {
                return false;
            }
        }
        return true;
    }
}
