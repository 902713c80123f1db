package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedSummariesTest {

    @Test
    void summarisesEachPointOverItsSeedsWithDifferencesPairedPerSeed() {
        double[] denseFt = {0.84, 0.86, 0.85};
        double[] comcat = {0.83, 0.84, 0.845};
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            entries.add(entry(seed, "dense-ft", null, denseFt[seed], 0.0));
            entries.add(entry(seed, "comcat", 0.5, comcat[seed], comcat[seed] - denseFt[seed]));
        }

        List<SeedSummary> summaries = SeedSummaries.of(entries);

        assertThat(summaries).extracting(SeedSummary::point).containsExactly("dense-ft", "comcat@0.5");
        SeedSummary summary = summaries.get(1);
        assertThat(summary.trials()).isEqualTo(3);
        assertThat(summary.completed()).isEqualTo(3);
        assertThat(summary.top1().mean()).isCloseTo((0.83 + 0.84 + 0.845) / 3, within(1e-12));
        List<Double> paired = List.of(0.83 - 0.84, 0.84 - 0.86, 0.845 - 0.85);
        assertThat(summary.deltaVsDenseFt()).isEqualTo(Interval.of(paired));
        assertThat(summary.ranks()).isEqualTo(Map.of("qk", List.of(12)));
        assertThat(summary.withinNoiseOf()).containsExactly("dense-ft");
    }

    @Test
    void separatedPointsAreNotWithinNoiseAndUnfinishedTrialsDoNotCount() {
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            entries.add(entry(seed, "comcat", 0.5, 0.80 + seed * 0.001, null));
            entries.add(entry(seed, "svd-matrix", 0.5, 0.60 + seed * 0.001, null));
        }
        entries.add(entry(3, "svd-matrix", 0.5, null, null));

        List<SeedSummary> summaries = SeedSummaries.of(entries);

        assertThat(summaries.get(0).withinNoiseOf()).isEmpty();
        assertThat(summaries.get(1).trials()).isEqualTo(4);
        assertThat(summaries.get(1).completed()).isEqualTo(3);
        assertThat(summaries.get(1).deltaVsDenseFt()).isNull();
    }

    private static LeaderboardEntry entry(long seed, String label, Double budget, Double top1, Double deltaVsDenseFt) {
        return new LeaderboardEntry(100 + seed, 1, label, label, budget, Map.of("qk", List.of(12)),
                top1 == null ? null : 1000L, top1 == null ? null : 5000L, null, top1, null, null, null, null,
                top1 == null ? "RUNNING" : "COMPLETED", "fashion-mnist", "vit-tiny-fmnist", seed, null,
                deltaVsDenseFt);
    }
}
