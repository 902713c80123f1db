package org.ranksweep.cli.halving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Hypervolume;
import org.ranksweep.core.pareto.Objective;

class RandomOrderBaselineTest {

    private static final List<Objective> OBJECTIVES =
            List.of(new Objective("top1", Goal.MAX), new Objective("macs", Goal.MIN));
    private static final Map<String, Double> REFERENCE = Map.of("top1", 0.0, "macs", 100.0);
    private static final Constraint LIMIT = Constraint.atMost("params", 50);
    private static final long EPOCHS = 9;

    /** Two front points, one dominated, one over the parameter limit (adds nothing), one on the reference MACs. */
    private static final List<Map<String, Double>> RESULTS = List.of(
            result(0.80, 60, 40),
            result(0.60, 30, 20),
            result(0.50, 70, 30),
            result(0.95, 20, 90),
            result(0.70, 100, 10));

    @Test
    void expectedHypervolumeIsTheMeanOverEveryOrdersPrefix() {
        RandomOrderBaseline baseline = RandomOrderBaseline.of(RESULTS, EPOCHS, OBJECTIVES, REFERENCE, LIMIT);
        List<List<Integer>> orders = permutations(RESULTS.size());
        for (int k = 0; k <= RESULTS.size(); k++) {
            double sum = 0;
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (List<Integer> order : orders) {
                double hypervolume = prefixHypervolume(order, k);
                sum += hypervolume;
                low = Math.min(low, hypervolume);
                high = Math.max(high, hypervolume);
            }
            assertThat(baseline.expected(k)).as("k = %d", k).isCloseTo(sum / orders.size(), within(1e-12));
            assertThat(baseline.range(k)).containsExactly(new double[] {low, high}, within(1e-12));
        }
    }

    @Test
    void chanceAndExpectedEpochsToReachATargetMatchEveryOrder() {
        RandomOrderBaseline baseline = RandomOrderBaseline.of(RESULTS, EPOCHS, OBJECTIVES, REFERENCE, LIMIT);
        List<List<Integer>> orders = permutations(RESULTS.size());
        double target = prefixHypervolume(List.of(0, 1), 2); // the first two points' front
        double firstHitSum = 0;
        for (List<Integer> order : orders) {
            int k = 0;
            while (prefixHypervolume(order, k) < target * (1 - 1e-9)) {
                k++;
            }
            firstHitSum += k;
        }
        assertThat(baseline.expectedEpochsReaching(target))
                .isCloseTo(firstHitSum / orders.size() * EPOCHS, within(1e-9));
        long reachedWithTwo = orders.stream()
                .filter(order -> prefixHypervolume(order, 2) >= target * (1 - 1e-9))
                .count();
        assertThat(baseline.chanceReaching(2, target))
                .isCloseTo((double) reachedWithTwo / orders.size(), within(1e-12));
        assertThat(baseline.expectedEpochsReaching(prefixHypervolume(List.of(0, 1, 2, 3, 4), 5) * 1.01))
                .isEqualTo(-1);
        assertThat(baseline.trialsWithin(30)).isEqualTo(3);
        assertThat(baseline.trialsWithin(1_000)).isEqualTo(RESULTS.size());
    }

    private static double prefixHypervolume(List<Integer> order, int k) {
        List<Map<String, Double>> within = new ArrayList<>();
        for (int index : order.subList(0, k)) {
            if (LIMIT.violation(RESULTS.get(index)) == 0) {
                within.add(RESULTS.get(index));
            }
        }
        return within.isEmpty() ? 0 : Hypervolume.of(within, OBJECTIVES, REFERENCE);
    }

    private static List<List<Integer>> permutations(int n) {
        List<List<Integer>> all = new ArrayList<>();
        permute(new ArrayList<>(), n, all);
        return all;
    }

    private static void permute(List<Integer> prefix, int n, List<List<Integer>> all) {
        if (prefix.size() == n) {
            all.add(List.copyOf(prefix));
            return;
        }
        for (int index = 0; index < n; index++) {
            if (!prefix.contains(index)) {
                prefix.add(index);
                permute(prefix, n, all);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    private static Map<String, Double> result(double top1, double macs, double params) {
        return Map.of("top1", top1, "macs", macs, "params", params);
    }
}
