package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.orchestrator.report.LeaderboardEntry;

class LeaderboardTableTest {

    @Test
    void uniformRanksShowOneValuePerMatrixKindInKeyOrder() {
        Map<String, Object> ranks = new LinkedHashMap<>();
        ranks.put("vo", List.of(12, 12, 12, 12));
        ranks.put("qk", List.of(12, 12, 12, 12));

        assertThat(LeaderboardTable.ranks(ranks)).isEqualTo("qk=12 vo=12");
    }

    @Test
    void perLayerRanksAndKeptHeadsAreJoinedBySlashes() {
        assertThat(LeaderboardTable.ranks(Map.of("qk", List.of(12, 8, 4, 4)))).isEqualTo("qk=12/8/4/4");
        assertThat(LeaderboardTable.ranks(
                        Map.of("heads", List.of(List.of(0, 1, 2), List.of(), List.of(0, 1), List.of(0, 2, 3)))))
                .isEqualTo("heads=3/0/2/3");
    }

    @Test
    void longDescriptionsAreCutToTheColumnWidth() {
        Map<String, Object> ranks = new LinkedHashMap<>();
        ranks.put("qk", List.of(32, 28, 24, 20, 16, 12, 8, 4, 4, 8, 12, 16));
        ranks.put("vo", List.of(4, 8, 12, 16, 20, 24, 28, 32, 32, 28, 24, 20));

        String text = LeaderboardTable.ranks(ranks);

        assertThat(text).hasSize(22).startsWith("qk=32/28/24/20/16/12/").endsWith("…");
    }

    @Test
    void aLongMethodLabelWidensItsColumnAndKeepsTheOthersAligned() {
        LeaderboardEntry auto = entry(2, "comcat-auto-attention-mlp", 0.8413);
        LeaderboardEntry dense = entry(1, "dense", 0.8286);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        LeaderboardTable.print(List.of(dense, auto), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        int budgetColumn = lines.get(0).indexOf("BUDGET");
        assertThat(budgetColumn).isGreaterThan(lines.get(0).indexOf("METHOD") + "comcat-auto-attention-mlp".length());
        assertThat(lines.get(1)).contains("comcat-auto-attention-mlp ");
        assertThat(lines.get(1).substring(budgetColumn)).startsWith("0.500");
        assertThat(lines.get(2).substring(budgetColumn)).startsWith("0.500");
        assertThat(lines.get(1).indexOf("84.13%")).isEqualTo(lines.get(2).indexOf("82.86%"));
    }

    private static LeaderboardEntry entry(long trialId, String label, double top1) {
        return new LeaderboardEntry(
                trialId,
                1,
                label,
                label,
                0.5,
                Map.of("qk", List.of(12)),
                232_506L,
                12_100_000L,
                null,
                top1,
                null,
                30.0,
                5.0,
                1.0,
                "COMPLETED",
                "fashion-mnist",
                "vit-tiny-fmnist",
                0,
                null,
                null,
                null);
    }

    @Test
    void missingRanksAreADash() {
        assertThat(LeaderboardTable.ranks(null)).isEqualTo("-");
        assertThat(LeaderboardTable.ranks(Map.of())).isEqualTo("-");
    }
}
