package org.ranksweep.core.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * NSGA-II's fast non-dominated sorting and crowding distance (Deb et al. 2002) over points whose coordinates are
 * all minimised, with Deb's constraint rule: a feasible point (total violation 0) always ranks before an
 * infeasible one, and infeasible points rank by total violation alone. Stateless, thread-safe.
 */
public final class NonDominatedSorting {

    private NonDominatedSorting() {}

    /** Whether {@code a} is no worse than {@code b} in every coordinate and strictly better in one. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            better |= a[i] < b[i];
        }
        return better;
    }

    /** The fronts of unconstrained points: see {@link #fronts(List, double[])}. */
    public static List<List<Integer>> fronts(List<double[]> points) {
        return fronts(points, new double[points.size()]);
    }

    /**
     * The fronts, best first, as indices into {@code points}, ascending within a front. Front 0 holds the feasible
     * points no feasible point dominates, front 1 those dominated only by front 0, and so on; after the feasible
     * fronts come the infeasible points, one front per distinct total violation, smallest first.
     *
     * @param violations total constraint violation per point, 0 when feasible
     */
    public static List<List<Integer>> fronts(List<double[]> points, double[] violations) {
        if (violations.length != points.size()) {
            throw new IllegalArgumentException(
                    violations.length + " violations given for " + points.size() + " points");
        }
        List<Integer> feasible = new ArrayList<>();
        List<Integer> infeasible = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            (violations[i] > 0 ? infeasible : feasible).add(i);
        }
        List<List<Integer>> fronts = paretoFronts(points, feasible);
        infeasible.sort(Comparator.comparingDouble((Integer i) -> violations[i]).thenComparingInt(i -> i));
        for (int start = 0; start < infeasible.size(); ) {
            int end = start;
            while (end < infeasible.size() && violations[infeasible.get(end)] == violations[infeasible.get(start)]) {
                end++;
            }
            fronts.add(List.copyOf(infeasible.subList(start, end)));
            start = end;
        }
        return fronts;
    }

    /**
     * NSGA-II crowding distance of each member of one front, in the front's order: per objective, the boundary
     * points get infinity and an interior point adds the gap between its two neighbours divided by the
     * objective's range (nothing when the range is 0). Ties in an objective are ordered by index, so the result is
     * deterministic.
     */
    public static double[] crowdingDistance(List<double[]> points, List<Integer> front) {
        int size = front.size();
        double[] distance = new double[size];
        if (size == 0) {
            return distance;
        }
        int objectives = points.get(front.get(0)).length;
        for (int m = 0; m < objectives; m++) {
            int objective = m;
            Integer[] order = new Integer[size];
            Arrays.setAll(order, i -> i);
            Arrays.sort(
                    order,
                    Comparator.comparingDouble((Integer i) -> points.get(front.get(i))[objective])
                            .thenComparingInt(front::get));
            double low = points.get(front.get(order[0]))[objective];
            double high = points.get(front.get(order[size - 1]))[objective];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[size - 1]] = Double.POSITIVE_INFINITY;
            if (high == low) {
                continue;
            }
            for (int k = 1; k < size - 1; k++) {
                double gap =
                        points.get(front.get(order[k + 1]))[objective] - points.get(front.get(order[k - 1]))[objective];
                distance[order[k]] += gap / (high - low);
            }
        }
        return distance;
    }

    private static List<List<Integer>> paretoFronts(List<double[]> points, List<Integer> members) {
        int size = members.size();
        int[] dominatedBy = new int[size];
        List<List<Integer>> dominates = new ArrayList<>();
        for (int a = 0; a < size; a++) {
            dominates.add(new ArrayList<>());
        }
        for (int a = 0; a < size; a++) {
            for (int b = 0; b < size; b++) {
                if (a != b && dominates(points.get(members.get(a)), points.get(members.get(b)))) {
                    dominates.get(a).add(b);
                    dominatedBy[b]++;
                }
            }
        }
        List<List<Integer>> fronts = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int a = 0; a < size; a++) {
            if (dominatedBy[a] == 0) {
                current.add(a);
            }
        }
        while (!current.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int a : current) {
                for (int b : dominates.get(a)) {
                    if (--dominatedBy[b] == 0) {
                        next.add(b);
                    }
                }
            }
            fronts.add(current.stream().map(members::get).sorted().toList());
            current = next;
        }
        return fronts;
    }
}
