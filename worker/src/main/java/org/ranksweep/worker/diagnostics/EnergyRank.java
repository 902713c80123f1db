package org.ranksweep.worker.diagnostics;

/**
 * The energy rank of a spectrum: the smallest k whose k largest singular values hold a fraction p of the squared
 * Frobenius norm, Σ_{i≤k} σ_i² ≥ p·Σ σ_i². Stateless, thread-safe.
 */
public final class EnergyRank {

    private EnergyRank() {}

    /**
     * The p-energy rank of {@code singularValues} (descending, non-negative); 0 for an all-zero spectrum.
     *
     * @param fraction p in (0, 1]
     */
    public static int of(double[] singularValues, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
        }
        double total = 0;
        for (double value : singularValues) {
            total += value * value;
        }
        if (total == 0) {
            return 0;
        }
        double target = fraction * total;
        double kept = 0;
        for (int index = 0; index < singularValues.length; index++) {
            kept += singularValues[index] * singularValues[index];
            // A relative slack of 1e-12 absorbs rounding when p = 1 or the tail is exactly zero.
            if (kept >= target * (1 - 1e-12)) {
                return index + 1;
            }
        }
        return singularValues.length;
    }
}
