package org.ranksweep.core.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Pareto front of accuracy against cost: the points no other point beats, where beating means costing no more
 * and scoring no less, and being strictly better in one of the two: the leaderboard's two-objective front in
 * O(n log n). It is front 0 of {@link NonDominatedSorting} for (cost, −quality), which handles any number of
 * objectives, later fronts and constraints. Stateless, thread-safe.
 */
public final class ParetoFront {

    private ParetoFront() {}

    /**
     * The non-dominated points, cheapest first. Points equal in both cost and score are all kept: neither beats
     * the other. Runs in O(n log n).
     *
     * @param cost    lower is better (parameters, MACs)
     * @param quality higher is better (top-1)
     */
    public static <T> List<T> of(List<T> points, ToDoubleFunction<T> cost, ToDoubleFunction<T> quality) {
        List<T> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(cost)
                .thenComparing(Comparator.comparingDouble(quality).reversed()));
        List<T> front = new ArrayList<>();
        double bestCheaper = Double.NEGATIVE_INFINITY;
        int start = 0;
        while (start < sorted.size()) {
            double groupCost = cost.applyAsDouble(sorted.get(start));
            double groupBest = quality.applyAsDouble(sorted.get(start));
            int end = start;
            // Within one cost, only the best score can survive, and only if it beats every cheaper point.
            while (end < sorted.size() && cost.applyAsDouble(sorted.get(end)) == groupCost) {
                if (groupBest > bestCheaper && quality.applyAsDouble(sorted.get(end)) == groupBest) {
                    front.add(sorted.get(end));
                }
                end++;
            }
            bestCheaper = Math.max(bestCheaper, groupBest);
            start = end;
        }
        return front;
    }
}
