package org.ranksweep.worker.ranksearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The budgeted choice against brute-force enumeration of every combination. */
class BudgetedChoiceTest {

    @Test
    void findsTheBestScoringChoiceInsideTheBandOnRandomInstances() {
        Random random = new Random(3);
        for (int instance = 0; instance < 200; instance++) {
            int matrices = 1 + random.nextInt(4);
            double[][] scores = new double[matrices][];
            long[][] weights = new long[matrices][];
            long largest = 0;
            for (int matrix = 0; matrix < matrices; matrix++) {
                int candidates = 1 + random.nextInt(4);
                scores[matrix] = new double[candidates];
                weights[matrix] = new long[candidates];
                for (int candidate = 0; candidate < candidates; candidate++) {
                    scores[matrix][candidate] = -3 * random.nextDouble();
                    weights[matrix][candidate] = 6L * (1 + random.nextInt(9));
                }
                largest += java.util.Arrays.stream(weights[matrix]).max().orElseThrow();
            }
            long upper = 6L + random.nextInt((int) largest);
            long lower = upper - 6L * random.nextInt(4);

            int[] choice = BudgetedChoice.choose(scores, weights, lower, upper);
            Best best = bruteForce(scores, weights, lower, upper);
            if (best.inBand) {
                long total = total(weights, choice);
                assertThat(total).as("instance %d", instance).isBetween(lower, upper);
                assertThat(score(scores, choice)).as("instance %d", instance).isCloseTo(best.score, within(1e-12));
            }
        }
    }

    @Test
    void takesTheLargestTotalUnderTheBandWhenNoneReachesIt() {
        double[][] scores = {{0, -1}, {0, -1}};
        long[][] weights = {{10, 40}, {10, 40}};
        // Totals 20, 50, 80: none in [60, 70]; 50 (one large) is closest under it, though 20 scores better.
        int[] choice = BudgetedChoice.choose(scores, weights, 60, 70);
        assertThat(total(weights, choice)).isEqualTo(50);
    }

    @Test
    void fallsBackToTheSmallestCandidatesWhenEvenTheyExceedTheTarget() {
        long[][] weights = {{30, 20}, {40, 25}};
        assertThat(BudgetedChoice.choose(new double[][] {{0, 0}, {0, 0}}, weights, 30, 40))
                .containsExactly(1, 1);
    }

    @Test
    void prefersMoreWeightsAndLargerRanksOnTies() {
        double[][] uniform = {{0, 0, 0}, {0, 0, 0}};
        long[][] weights = {{1, 2, 3}, {1, 2, 3}};
        // Totals 4 (1+3, 2+2, 3+1) and 5 (2+3, 3+2) are in [4, 5]: 5 wins, then the larger rank last.
        assertThat(BudgetedChoice.choose(uniform, weights, 4, 5)).containsExactly(1, 2);
    }

    @Test
    void aNonBindingTargetGivesTheArgmaxOfEveryMatrix() {
        double[][] scores = {{-2, -0.1, -3}, {-0.5, -1, -0.2}};
        long[][] weights = {{1, 2, 3}, {1, 2, 3}};
        assertThat(BudgetedChoice.choose(scores, weights, 0, 100)).containsExactly(1, 2);
    }

    @Test
    void coarseUnitsStillLandNearTheTargetForLargeWeights() {
        Random random = new Random(5);
        int matrices = 49;
        double[][] scores = new double[matrices][7];
        long[][] weights = new long[matrices][7];
        long dense = 0;
        for (int matrix = 0; matrix < matrices; matrix++) {
            for (int candidate = 0; candidate < 7; candidate++) {
                scores[matrix][candidate] = -random.nextDouble();
                weights[matrix][candidate] = 1_536L * 64 * (candidate + 2) + random.nextInt(1000);
            }
            dense += 2L * 768 * 768;
        }
        long target = (long) (0.4 * dense);
        long total = total(weights, BudgetedChoice.choose(scores, weights, (long) (0.98 * target), target));
        assertThat((double) total).isBetween(0.98 * target - matrices * 1_000.0, target + matrices * 1_000.0);
    }

    private record Best(double score, boolean inBand) {}

    private static Best bruteForce(double[][] scores, long[][] weights, long lower, long upper) {
        int[] choice = new int[scores.length];
        double best = Double.NEGATIVE_INFINITY;
        while (true) {
            long total = total(weights, choice);
            if (total >= lower && total <= upper) {
                best = Math.max(best, score(scores, choice));
            }
            int matrix = 0;
            while (matrix < choice.length && ++choice[matrix] == scores[matrix].length) {
                choice[matrix++] = 0;
            }
            if (matrix == choice.length) {
                return new Best(best, best > Double.NEGATIVE_INFINITY);
            }
        }
    }

    private static long total(long[][] weights, int[] choice) {
        long total = 0;
        for (int matrix = 0; matrix < choice.length; matrix++) {
            total += weights[matrix][choice[matrix]];
        }
        return total;
    }

    private static double score(double[][] scores, int[] choice) {
        double total = 0;
        for (int matrix = 0; matrix < choice.length; matrix++) {
            total += scores[matrix][choice[matrix]];
        }
        return total;
    }
}
