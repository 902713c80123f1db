package org.ranksweep.core.asha;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent, plainly written asynchronous Hyperband/ASHA (get_job of Li et al., Algorithm 2), maximising one
 * value, for checking {@link AshaScheduler}: arrays of (trial, value) per rung, sorted by value then id on demand.
 * Decisions are strings "start t b", "promote t b k", "complete t b", "prune t b k".
 */
final class ReferenceAsha {

    private final int eta;
    private final int configurations;
    private final int[] rungCount; // rungs per bracket
    private final List<List<List<double[]>>> rungs = new ArrayList<>(); // bracket -> rung -> {trial, value}
    private final List<List<TreeSet<Integer>>> promoted = new ArrayList<>();
    private final TreeMap<Integer, Integer> runningRung = new TreeMap<>();
    private int nextTrial;

    ReferenceAsha(int rungs, int eta, int configurations, boolean hyperband) {
        this.eta = eta;
        this.configurations = configurations;
        int brackets = hyperband ? rungs : 1;
        rungCount = new int[brackets];
        for (int b = 0; b < brackets; b++) {
            rungCount[b] = rungs - b;
            this.rungs.add(new ArrayList<>());
            promoted.add(new ArrayList<>());
            for (int k = 0; k < rungCount[b]; k++) {
                this.rungs.get(b).add(new ArrayList<>());
                promoted.get(b).add(new TreeSet<>());
            }
        }
    }

    int bracketOf(int trial) {
        return trial % rungCount.length;
    }

    String getJob() {
        for (int b = 0; b < rungCount.length; b++) {
            for (int k = rungCount[b] - 2; k >= 0; k--) {
                List<double[]> sorted = sorted(rungs.get(b).get(k));
                int top = sorted.size() / eta;
                for (int i = 0; i < top; i++) {
                    int trial = (int) sorted.get(i)[0];
                    if (!promoted.get(b).get(k).contains(trial)) {
                        promoted.get(b).get(k).add(trial);
                        runningRung.put(trial, k + 1);
                        return "promote " + trial + " " + b + " " + (k + 1);
                    }
                }
            }
        }
        if (nextTrial < configurations) {
            int trial = nextTrial++;
            runningRung.put(trial, 0);
            return "start " + trial + " " + bracketOf(trial);
        }
        return null;
    }

    /** Records a report; returns "complete ..." at the top rung, else null. */
    String report(int trial, double value) {
        int b = bracketOf(trial);
        int k = runningRung.remove(trial);
        rungs.get(b).get(k).add(new double[] {trial, value});
        return k == rungCount[b] - 1 ? "complete " + trial + " " + b : null;
    }

    int runningRungOf(int trial) {
        return runningRung.get(trial);
    }

    boolean isRunning() {
        return !runningRung.isEmpty();
    }

    /** Every trial waiting below the top rung and never promoted from it. */
    List<String> prunedAtEnd() {
        List<String> pruned = new ArrayList<>();
        for (int b = 0; b < rungCount.length; b++) {
            for (int k = 0; k < rungCount[b] - 1; k++) {
                for (double[] entry : sorted(rungs.get(b).get(k))) {
                    if (!promoted.get(b).get(k).contains((int) entry[0])) {
                        pruned.add("prune " + (int) entry[0] + " " + b + " " + k);
                    }
                }
            }
        }
        return pruned;
    }

    private static List<double[]> sorted(List<double[]> entries) {
        List<double[]> sorted = new ArrayList<>(entries);
        sorted.sort((x, y) -> x[1] != y[1] ? Double.compare(y[1], x[1]) : Double.compare(x[0], y[0]));
        return sorted;
    }
}
