package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.plan.TrialPlanner;

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
    void theLearningRatesOfAnLrGridAreSummarisedApartThroughTheirLabels() {
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int seed = 0; seed < 2; seed++) {
            entries.add(entry(seed, "comcat" + TrialPlanner.lrSuffix(1.0e-4), 0.5, 0.80 + seed * 0.01, null));
            entries.add(entry(seed, "comcat" + TrialPlanner.lrSuffix(5.0e-4), 0.5, 0.70 + seed * 0.01, null));
        }

        List<SeedSummary> summaries = SeedSummaries.of(entries);

        assertThat(summaries)
                .extracting(SeedSummary::point)
                .containsExactly("comcat@lr=1e-4@0.5", "comcat@lr=5e-4@0.5");
        assertThat(summaries)
                .allSatisfy(summary -> assertThat(summary.completed()).isEqualTo(2));
        assertThat(summaries.get(0).top1().mean()).isCloseTo(0.805, within(1e-12));
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

    @Test
    void pointsWhoseSeedsDifferButWhoseOrderHoldsInEverySeedAreSeparatedByTheirPairedDifferences() {
        double[] base = {0.72, 0.76, 0.78}; // each seed's base moves every point of that seed
        double[] offsets = {0.004, 0.003, 0.0035};
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            entries.add(entry(seed, "comcat", 0.125, base[seed] + offsets[seed], null));
            entries.add(entry(seed, "svd-matrix", 0.125, base[seed], null));
            entries.add(entry(seed, "head-prune", 0.125, base[seed] + (seed == 1 ? 0.01 : -0.01), null));
        }

        List<SeedSummary> summaries = SeedSummaries.of(entries);
        SeedSummary comcat = summaries.get(0);
        SeedSummary svd = summaries.get(1);
        SeedSummary heads = summaries.get(2);

        assertThat(comcat.top1().overlaps(svd.top1()))
                .as("unpaired intervals carry the bases' spread")
                .isTrue();
        Interval paired = SeedSummaries.pairedDifference(comcat, svd);
        assertThat(paired.n()).isEqualTo(3);
        assertThat(paired.mean()).isCloseTo(0.0035, within(1e-12));
        assertThat(paired.excludesZero()).isTrue();
        assertThat(SeedSummaries.withinNoise(comcat, svd)).isFalse();
        assertThat(comcat.withinNoiseOf()).doesNotContain("svd-matrix@0.125").contains("head-prune@0.125");
        assertThat(SeedSummaries.withinNoise(svd, heads)).isTrue();
        assertThat(comcat.top1BySeed()).containsOnlyKeys(0L, 1L, 2L);
    }

    @Test
    void pointsSharingFewerThanTwoSeedsFallBackToOverlappingIntervals() {
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int seed = 0; seed < 2; seed++) {
            entries.add(entry(seed, "comcat", 0.5, 0.80 + seed * 0.01, null));
            entries.add(entry(seed + 5, "svd-matrix", 0.5, 0.805 + seed * 0.01, null));
        }

        List<SeedSummary> summaries = SeedSummaries.of(entries);

        assertThat(SeedSummaries.pairedDifference(summaries.get(0), summaries.get(1)))
                .isNull();
        assertThat(SeedSummaries.withinNoise(summaries.get(0), summaries.get(1)))
                .isEqualTo(summaries.get(0).top1().overlaps(summaries.get(1).top1()))
                .isTrue();
    }

    private static LeaderboardEntry entry(long seed, String label, Double budget, Double top1, Double deltaVsDenseFt) {
        return new LeaderboardEntry(
                100 + seed,
                1,
                label,
                label,
                budget,
                Map.of("qk", List.of(12)),
                top1 == null ? null : 1000L,
                top1 == null ? null : 5000L,
                null,
                top1,
                null,
                null,
                null,
                null,
                top1 == null ? "RUNNING" : "COMPLETED",
                "fashion-mnist",
                "vit-tiny-fmnist",
                seed,
                null,
                deltaVsDenseFt,
                null);
    }
}
