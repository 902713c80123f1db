package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;

class PaperTableTest {

    @Test
    void aPointRunWithSeveralSeedsIsReportedAsItsMeanAndReproducedWithinItsInterval() {
        List<JsonNode> trials = List.of(trial(1, 0.80), trial(2, 0.84), trial(3, 0.82));
        double mean = 0.82;
        double halfWidth = 4.303 * 0.02 / Math.sqrt(3);

        TableRow inside = PaperTable.rows(trials, List.of(), List.of(published(mean + halfWidth - 0.001)), 0).get(0);
        TableRow outside = PaperTable.rows(trials, List.of(), List.of(published(mean + halfWidth + 0.002)), 0).get(0);

        assertThat(inside.top1()).isCloseTo(mean, within(1e-12));
        assertThat(inside.top1HalfWidth()).isCloseTo(halfWidth, within(1e-5));
        assertThat(inside.seeds()).isEqualTo(3);
        assertThat(inside.status()).isEqualTo(PaperTable.REPRODUCED);
        assertThat(outside.status()).isEqualTo(PaperTable.NOT_REPRODUCED);
        // The three seeds form one row: none is left over as "measured (no published row)".
        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.5)), 0)).hasSize(1);
    }

    @Test
    void aSingleSeedKeepsThePlainToleranceRule() {
        List<JsonNode> trials = List.of(trial(1, 0.80));

        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.804)), 0.5).get(0).status())
                .isEqualTo(PaperTable.REPRODUCED);
        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.806)), 0.5).get(0).status())
                .isEqualTo(PaperTable.NOT_REPRODUCED);
        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.806)), 0.5).get(0).top1HalfWidth())
                .isNull();
    }

    private static JsonNode trial(long id, double top1) {
        ObjectNode trial = Json.mapper().createObjectNode();
        trial.put("id", id).put("method", "comcat").put("label", "comcat").put("budget", 0.5)
                .put("state", "COMPLETED").put("top1", top1).put("params", 1000).put("macs", 5000);
        return trial;
    }

    private static JsonNode published(double top1) {
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("method", "comcat").put("top1", top1).put("citation", "test");
        return row;
    }
}
