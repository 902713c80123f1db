package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.db.trial.StoredMetric;

class SpectrumTableTest {

    @Test
    void printsOneRowPerBlockWithNinetyAndNinetyNinePercentRanks() {
        List<StoredMetric> metrics = new ArrayList<>();
        for (int block = 1; block <= 2; block++) {
            for (String split : List.of("qk", "vo", "q", "k", "v", "o")) {
                metrics.add(metric(block, split, "rank90", block + 1.5));
                metrics.add(metric(block, split, "rank99", 10 + block));
            }
        }
        metrics.add(metric(0, "qk", "rank90", 3.0));
        metrics.add(metric(0, "vo", "rank90", 4.25));
        metrics.add(metric(0, "all", "headWidth", 24));
        metrics.add(new StoredMetric(1, new TrialMetric("finetune", 1, "heldout", "top1", 0.8), Instant.EPOCH));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        boolean printed = SpectrumTable.print(7, metrics, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(printed).isTrue();
        assertThat(lines.get(0)).contains("seed 7").contains("d_h = 24");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(2)).startsWith("  1").contains("2.5 (11)");
        assertThat(lines.get(3)).startsWith("  2").contains("3.5 (12)");
        assertThat(lines.get(4)).contains("QK 3, VO 4.3");
    }

    @Test
    void printsNothingWithoutSpectrumMetrics() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(SpectrumTable.print(0, List.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(bytes.size()).isZero();
    }

    private static StoredMetric metric(int epoch, String split, String name, double value) {
        return new StoredMetric(1, new TrialMetric("spectrum", epoch, split, name, value), Instant.EPOCH);
    }
}
