package org.ranksweep.worker.ranksearch;

import java.util.Arrays;

/**
 * Picks one candidate per matrix maximising the summed scores (the gates' log-probabilities, so the most probable
 * joint choice) subject to the summed weights lying in a band {@code [lower, upper]}: a multiple-choice knapsack
 * solved exactly by dynamic programming over weights counted in units of their greatest common divisor (or, when
 * that would need more than {@value #MAX_UNITS} units, in a coarser unit, which can move the total by at most half
 * a unit per matrix). When no choice lands in the band, the best choice of the largest total under it is taken;
 * when even the smallest candidates exceed {@code upper}, the smallest candidates. Ties go to more weights, then to
 * larger ranks of later matrices. The search's {@code budgeted} selection; the default {@code argmax}
 * ({@link ArgmaxChoice}, the reference's) can land far from the target because the budget term of the search loss
 * only sees the soft expected cost; with a non-binding budget the two agree.
 * Stateless, thread-safe.
 */
final class BudgetedChoice {

    static final int MAX_UNITS = 50_000;
    private static final double NONE = Double.NEGATIVE_INFINITY;

    private BudgetedChoice() {}

    /**
     * @param scores  per matrix, one finite score per candidate
     * @param weights per matrix, the non-negative weights of each candidate (same shape as {@code scores})
     * @return one candidate index per matrix
     */
    static int[] choose(double[][] scores, long[][] weights, long lower, long upper) {
        long unit = unit(weights, upper);
        int capacity = (int) Math.max(0, Math.min(Integer.MAX_VALUE - 1, Math.floorDiv(upper, unit)));
        int[][] units = toUnits(weights, unit);
        double[] best = new double[capacity + 1];
        Arrays.fill(best, NONE);
        best[0] = 0;
        byte[][] picks = new byte[scores.length][capacity + 1];
        for (int matrix = 0; matrix < scores.length; matrix++) {
            best = addMatrix(best, picks[matrix], scores[matrix], units[matrix]);
        }
        int total = pickTotal(best, (int) Math.min(capacity, Math.max(0, ceilDiv(lower, unit))));
        if (total < 0) {
            return smallest(weights);
        }
        int[] choice = new int[scores.length];
        for (int matrix = scores.length - 1; matrix >= 0; matrix--) {
            choice[matrix] = picks[matrix][total];
            total -= units[matrix][choice[matrix]];
        }
        return choice;
    }

    /** One more matrix: for every total, the best score over its candidates (larger candidates first on ties). */
    private static double[] addMatrix(double[] previous, byte[] picks, double[] scores, int[] units) {
        double[] next = new double[previous.length];
        Arrays.fill(next, NONE);
        for (int total = 0; total < previous.length; total++) {
            for (int candidate = scores.length - 1; candidate >= 0; candidate--) {
                int before = total - units[candidate];
                if (before < 0 || previous[before] == NONE) {
                    continue;
                }
                double score = previous[before] + scores[candidate];
                if (score > next[total]) {
                    next[total] = score;
                    picks[total] = (byte) candidate;
                }
            }
        }
        return next;
    }

    /** The best-scoring total in [lowest, capacity] (larger on ties), else the largest reachable one; -1: none. */
    private static int pickTotal(double[] best, int lowest) {
        int inBand = bestIn(best, lowest, best.length - 1);
        if (inBand >= 0) {
            return inBand;
        }
        for (int total = Math.min(lowest, best.length) - 1; total >= 0; total--) {
            if (best[total] != NONE) {
                return total;
            }
        }
        return -1;
    }

    private static int bestIn(double[] best, int from, int to) {
        int pick = -1;
        for (int total = to; total >= from; total--) {
            if (best[total] != NONE && (pick < 0 || best[total] > best[pick])) {
                pick = total;
            }
        }
        return pick;
    }

    private static long unit(long[][] weights, long upper) {
        long gcd = 0;
        for (long[] candidates : weights) {
            for (long weight : candidates) {
                gcd = gcd(gcd, weight);
            }
        }
        long unit = Math.max(1, gcd);
        return upper / unit > MAX_UNITS ? Math.max(unit, ceilDiv(upper, MAX_UNITS)) : unit;
    }

    private static int[][] toUnits(long[][] weights, long unit) {
        int[][] units = new int[weights.length][];
        for (int matrix = 0; matrix < weights.length; matrix++) {
            units[matrix] = Arrays.stream(weights[matrix])
                    .mapToInt(weight -> (int) Math.min(Integer.MAX_VALUE / 2, Math.round((double) weight / unit)))
                    .toArray();
        }
        return units;
    }

    private static int[] smallest(long[][] weights) {
        int[] choice = new int[weights.length];
        for (int matrix = 0; matrix < weights.length; matrix++) {
            for (int candidate = 1; candidate < weights[matrix].length; candidate++) {
                if (weights[matrix][candidate] < weights[matrix][choice[matrix]]) {
                    choice[matrix] = candidate;
                }
            }
        }
        return choice;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? Math.abs(a) : gcd(b, a % b);
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
