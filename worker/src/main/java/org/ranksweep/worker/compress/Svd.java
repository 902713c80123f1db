package org.ranksweep.worker.compress;

/**
 * A thin singular value decomposition {@code M = U·diag(s)·Vᵀ}, singular values descending. For an m×n matrix of
 * inner size k: u is m×k, s has k entries, v is n×k (columns are the singular vectors). The arrays are not copied:
 * treat them as read-only; then the record is thread-safe.
 */
public record Svd(double[][] u, double[] s, double[][] v) {

    /** Number of singular values k. */
    public int size() {
        return s.length;
    }

    /** Sum of the squared singular values from index {@code rank} on: the squared Frobenius error at that rank. */
    public double tailEnergy(int rank) {
        double energy = 0;
        for (int index = rank; index < s.length; index++) {
            energy += s[index] * s[index];
        }
        return energy;
    }
}
