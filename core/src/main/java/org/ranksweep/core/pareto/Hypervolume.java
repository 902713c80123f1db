package org.ranksweep.core.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The exact hypervolume of a point set: the volume of the region its points dominate, bounded by a reference
 * point. Computed by slicing along the last objective (HSO, While et al. 2006) down to a 2-D sweep; exact in any
 * dimension, cost about O(n^(d-1) log n), meant for d ≤ 4 and fronts of a few hundred points. Points that do not
 * strictly dominate the reference point in every objective add nothing and are ignored. Stateless, thread-safe.
 */
public final class Hypervolume {

    private Hypervolume() {}

    /**
     * The hypervolume of results under mixed-goal objectives: each result's metrics and the reference point's
     * are turned into minimised values (max goals negated) first.
     */
    public static double of(
            List<Map<String, Double>> results, List<Objective> objectives, Map<String, Double> reference) {
        List<double[]> points = new ArrayList<>();
        for (Map<String, Double> result : results) {
            points.add(minimised(objectives, result));
        }
        return of(points, minimised(objectives, reference));
    }

    /** The hypervolume of points whose coordinates are all minimised, w.r.t. {@code reference}. */
    public static double of(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] point : points) {
            if (point.length != reference.length) {
                throw new IllegalArgumentException(
                        "a point has " + point.length + " objectives, the reference point " + reference.length);
            }
            if (strictlyBelow(point, reference)) {
                inside.add(point);
            }
        }
        return volume(inside, reference, reference.length);
    }

    private static double volume(List<double[]> points, double[] reference, int dimensions) {
        if (points.isEmpty()) {
            return 0;
        }
        if (dimensions == 1) {
            return reference[0] - points.stream().mapToDouble(p -> p[0]).min().orElseThrow();
        }
        if (dimensions == 2) {
            return area(points, reference);
        }
        int last = dimensions - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            double upper = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
            double depth = upper - sorted.get(i)[last];
            if (depth > 0) {
                // In this slice every point up to i is present; their projection gives the slice's cross-section.
                total += depth * volume(sorted.subList(0, i + 1), reference, last);
            }
        }
        return total;
    }

    /** The 2-D area dominated, by a sweep along the first objective. */
    private static double area(List<double[]> points, double[] reference) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0;
        double ceiling = reference[1];
        for (double[] point : sorted) {
            if (point[1] < ceiling) {
                area += (reference[0] - point[0]) * (ceiling - point[1]);
                ceiling = point[1];
            }
        }
        return area;
    }

    private static boolean strictlyBelow(double[] point, double[] reference) {
        for (int i = 0; i < point.length; i++) {
            if (!(point[i] < reference[i])) {
                return false;
            }
        }
        return true;
    }

    private static double[] minimised(List<Objective> objectives, Map<String, Double> metrics) {
        double[] point = new double[objectives.size()];
        for (int i = 0; i < point.length; i++) {
            point[i] = objectives.get(i).minimised(metrics);
        }
        return point;
    }
}
