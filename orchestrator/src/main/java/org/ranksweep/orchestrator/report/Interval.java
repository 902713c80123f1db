package org.ranksweep.orchestrator.report;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The mean of a few values (one per seed) with the half-width of its two-sided 95 % confidence interval from
 * Student's t-distribution with n − 1 degrees of freedom. With one value there is no interval: {@code halfWidth} is
 * null, and no ordering against it can be claimed. Immutable.
 *
 * @param mean      the sample mean
 * @param halfWidth t(0.975, n − 1) · s / √n, or null when n < 2
 * @param n         how many values
 */
public record Interval(double mean, Double halfWidth, int n) {

    private static final double CONFIDENCE = 0.95;

    /** The interval of {@code values} (at least one). */
    public static Interval of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an interval needs at least one value");
        }
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n < 2) {
            return new Interval(mean, null, n);
        }
        double squares = values.stream()
                .mapToDouble(value -> (value - mean) * (value - mean))
                .sum();
        double standardError = Math.sqrt(squares / (n - 1) / n);
        double quantile = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        return new Interval(mean, quantile * standardError, n);
    }

    /** Lower end; the mean itself when there is no interval. */
    public double low() {
        return halfWidth == null ? mean : mean - halfWidth;
    }

    /** Upper end; the mean itself when there is no interval. */
    public double high() {
        return halfWidth == null ? mean : mean + halfWidth;
    }

    /**
     * Whether the two are within noise of each other: their intervals overlap, or either has none (one seed
     * separates nothing).
     */
    public boolean overlaps(Interval other) {
        if (halfWidth == null || other.halfWidth == null) {
            return true;
        }
        return low() <= other.high() && other.low() <= high();
    }

    /** Whether the interval lies entirely above or below zero (for differences: a sign that holds beyond noise). */
    public boolean excludesZero() {
        return halfWidth != null && (low() > 0 || high() < 0);
    }
}
