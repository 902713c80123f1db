package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertThat(LeaderboardTable.ranks(Map.of("heads", List.of(List.of(0, 1, 2), List.of(), List.of(0, 1),
                List.of(0, 2, 3))))).isEqualTo("heads=3/0/2/3");
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
    void missingRanksAreADash() {
        assertThat(LeaderboardTable.ranks(null)).isEqualTo("-");
        assertThat(LeaderboardTable.ranks(Map.of())).isEqualTo("-");
    }
}
