package org.ranksweep.cli.halving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Hypervolume;
import org.ranksweep.core.pareto.Objective;

/**
 * Random search's hypervolume curve without running random search in every order: given the results of every
 * configuration of a space, each trained to the end at the same cost, the first k trials of a uniformly random
 * order are a uniformly random k-subset, so the expected hypervolume after k trials is the mean over all k-subsets
 * (computed exactly by enumerating every subset), and so is the chance that k trials already reach a target.
 * Immutable and thread-safe.
 */
final class RandomOrderBaseline {

    /** Enumerating 2^n subsets stays below a second up to here. */
    static final int MAX_CONFIGURATIONS = 20;

    private final long epochsPerTrial;
    /** Hypervolume of every subset, indexed by its bit mask. */
    private final double[] hypervolumes;

    private final int configurations;

    private RandomOrderBaseline(long epochsPerTrial, double[] hypervolumes, int configurations) {
        this.epochsPerTrial = epochsPerTrial;
        this.hypervolumes = hypervolumes;
        this.configurations = configurations;
    }

    /**
     * The baseline of {@code results} (one per configuration, each trained for {@code epochsPerTrial}); results
     * that violate {@code limit} add nothing to a subset's hypervolume, as in the sweep's own figure.
     */
    static RandomOrderBaseline of(
            List<Map<String, Double>> results,
            long epochsPerTrial,
            List<Objective> objectives,
            Map<String, Double> reference,
            Constraint limit) {
        int n = results.size();
        if (n > MAX_CONFIGURATIONS) {
            throw new IllegalArgumentException(n + " configurations: exact enumeration stops at " + MAX_CONFIGURATIONS);
        }
        double[] hypervolumes = new double[1 << n];
        List<Map<String, Double>> subset = new ArrayList<>(n);
        for (int mask = 1; mask < hypervolumes.length; mask++) {
            subset.clear();
            for (int index = 0; index < n; index++) {
                if ((mask & (1 << index)) != 0 && limit.violation(results.get(index)) == 0) {
                    subset.add(results.get(index));
                }
            }
            hypervolumes[mask] = subset.isEmpty() ? 0 : Hypervolume.of(subset, objectives, reference);
        }
        return new RandomOrderBaseline(epochsPerTrial, hypervolumes, n);
    }

    int configurations() {
        return configurations;
    }

    long epochsPerTrial() {
        return epochsPerTrial;
    }

    /** Expected hypervolume of the first {@code k} trials of a random order. */
    double expected(int k) {
        double sum = 0;
        long count = 0;
        for (int mask = 0; mask < hypervolumes.length; mask++) {
            if (Integer.bitCount(mask) == k) {
                sum += hypervolumes[mask];
                count++;
            }
        }
        return sum / count;
    }

    /** Smallest and largest hypervolume the first {@code k} trials of some order reach. */
    double[] range(int k) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int mask = 0; mask < hypervolumes.length; mask++) {
            if (Integer.bitCount(mask) == k) {
                low = Math.min(low, hypervolumes[mask]);
                high = Math.max(high, hypervolumes[mask]);
            }
        }
        return new double[] {low, high};
    }

    /** Share of random orders whose first {@code k} trials reach {@code target} (within 1e-9 relative). */
    double chanceReaching(int k, double target) {
        long reached = 0;
        long count = 0;
        for (int mask = 0; mask < hypervolumes.length; mask++) {
            if (Integer.bitCount(mask) == k) {
                count++;
                if (hypervolumes[mask] >= target * (1 - 1e-9)) {
                    reached++;
                }
            }
        }
        return (double) reached / count;
    }

    /** Trials completed within {@code epochs} fine-tuning epochs. */
    int trialsWithin(long epochs) {
        return (int) Math.min(configurations, epochs / epochsPerTrial);
    }

    /**
     * Expected fine-tuning epochs a random order spends until its hypervolume first reaches {@code target}, or
     * -1 when even every configuration together does not: E[T] = Σ_k P(T > k) over trial counts, times the cost.
     */
    double expectedEpochsReaching(double target) {
        if (chanceReaching(configurations, target) < 1) {
            return -1;
        }
        double trials = 0;
        for (int k = 0; k < configurations; k++) {
            trials += 1 - chanceReaching(k, target);
        }
        return trials * epochsPerTrial;
    }
}
