package org.ranksweep.core.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ranksweep.core.error.ValidationException;

/**
 * NSGA-II's total order of results under several objectives and hard constraints, as MOASHA promotes: by front
 * (feasible fronts first, then infeasible results by total violation), within a front by crowding distance,
 * largest first, and then by a caller's stable tie-break. Immutable, thread-safe.
 *
 * @param objectives  at least one
 * @param constraints hard constraints, possibly none
 */
public record ParetoRanking(List<Objective> objectives, List<Constraint> constraints) {

    public ParetoRanking {
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints);
        if (objectives.isEmpty()) {
            throw ValidationException.of("objectives", "at least one objective is needed");
        }
    }

    /** One ranked item with what placed it. */
    public record Ranked<T>(T item, int front, double crowding, double violation) {}

    /**
     * The items best first.
     *
     * @param metrics  each item's result metrics
     * @param tieBreak orders items equal in front and crowding distance (e.g. by trial id)
     */
    public <T> List<Ranked<T>> rank(List<T> items, Function<T, Map<String, Double>> metrics, Comparator<T> tieBreak) {
        List<double[]> points = new ArrayList<>();
        double[] violations = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Map<String, Double> values = metrics.apply(items.get(i));
            double[] point = new double[objectives.size()];
            for (int m = 0; m < point.length; m++) {
                point[m] = objectives.get(m).minimised(values);
            }
            points.add(point);
            violations[i] = Constraint.totalViolation(constraints, values);
        }
        List<Ranked<T>> ranked = new ArrayList<>();
        List<List<Integer>> fronts = NonDominatedSorting.fronts(points, violations);
        for (int f = 0; f < fronts.size(); f++) {
            List<Integer> front = fronts.get(f);
            double[] crowding = NonDominatedSorting.crowdingDistance(points, front);
            for (int k = 0; k < front.size(); k++) {
                int index = front.get(k);
                ranked.add(new Ranked<>(items.get(index), f, crowding[k], violations[index]));
            }
        }
        ranked.sort(Comparator.<Ranked<T>>comparingInt(Ranked::front)
                .thenComparing(Ranked::crowding, Comparator.reverseOrder())
                .thenComparing(Ranked::item, tieBreak));
        return ranked;
    }
}
