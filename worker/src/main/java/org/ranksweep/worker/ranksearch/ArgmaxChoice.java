package org.ranksweep.worker.ranksearch;

/**
 * The reference's selection (COMCAT.md §4): every matrix takes its highest-scoring candidate on its own, ignoring
 * the budget (the loss CE·(C/target)^β is what steers the gates towards it). Ties go to the larger candidate, as in
 * {@link BudgetedChoice}; with untouched (uniform) logits that is the largest rank. Stateless, thread-safe.
 */
final class ArgmaxChoice {

    private ArgmaxChoice() {}

    /** One candidate index per matrix: the last index of the largest score ({@code scores} per matrix). */
    static int[] choose(double[][] scores) {
        int[] choice = new int[scores.length];
        for (int matrix = 0; matrix < scores.length; matrix++) {
            for (int candidate = 1; candidate < scores[matrix].length; candidate++) {
                if (scores[matrix][candidate] >= scores[matrix][choice[matrix]]) {
                    choice[matrix] = candidate;
                }
            }
        }
        return choice;
    }
}
