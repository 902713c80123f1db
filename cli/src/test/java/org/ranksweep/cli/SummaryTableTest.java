package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.orchestrator.report.LeaderboardEntry;
import org.ranksweep.orchestrator.report.SeedSummaries;

class SummaryTableTest {

    @Test
    void eachRowSaysWhetherItIsSeparatedFromTheNextByTheirPairedPerSeedDifference() {
        double[] base = {0.72, 0.76, 0.78};
        List<LeaderboardEntry> entries = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            entries.add(entry(seed, "comcat", base[seed] + 0.004 - 0.001 * (seed % 2)));
            entries.add(entry(seed, "svd-matrix", base[seed]));
            entries.add(entry(seed, "head-prune", base[seed] - 0.002 + 0.004 * (seed % 2)));
        }

        String text = print(entries);

        // comcat − svd-matrix per seed: 0.4, 0.3, 0.4 pp → 0.367 ± t(0.975, 2)·0.0577/√3 = 0.143 pp.
        assertThat(line(text, "comcat")).contains("separated from svd-matrix@0.125 (+0.37 ± 0.14 pp, paired)");
        // svd-matrix − head-prune: 0.2, −0.2, 0.2 pp → 0.067 ± 0.57 pp: the interval contains 0.
        assertThat(line(text, "svd-matrix")).contains("within noise of head-prune@0.125 (+0.07 ± 0.57 pp, paired)");
        assertThat(line(text, "head-prune")).doesNotContain("noise").doesNotContain("separated");
        assertThat(text).contains("per-seed top-1 difference to the next row");
    }

    @Test
    void printsNothingWhenNoPointHasMoreThanOneSeed() {
        List<LeaderboardEntry> entries = List.of(entry(0, "comcat", 0.8), entry(0, "svd-matrix", 0.79));
        assertThat(print(entries)).isEmpty();
    }

    private static String print(List<LeaderboardEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SummaryTable.printIfSeeded(SeedSummaries.of(entries), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String line(String text, String label) {
        return text.lines()
                .filter(line -> line.startsWith(label + " "))
                .findFirst()
                .orElseThrow();
    }

    private static LeaderboardEntry entry(long seed, String label, double top1) {
        return new LeaderboardEntry(
                100 + seed,
                1,
                label,
                label,
                0.125,
                Map.of("qk", List.of(3)),
                1000L,
                5000L,
                null,
                top1,
                null,
                null,
                null,
                null,
                "COMPLETED",
                "fashion-mnist",
                "vit-tiny-fmnist",
                seed,
                null,
                null,
                null);
    }
}
