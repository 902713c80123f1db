package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;

/** The records the dashboard API serves survive a JSON round trip, fractional and null values included. */
class ReportJsonTest {

    @Test
    void paretoViewRoundTrips() {
        ParetoView view = new ParetoView(3, "imagenet-1k", "deit-small", List.of(
                new ParetoPoint(11, "comcat-0.5", "comcat", 0.5, 14_000_000, 3_000_000_000L, 0.79, true, false),
                new ParetoPoint(12, "dense", "dense", null, 22_100_000, 4_600_000_000L, 0.798, true, true)));
        assertThat(Json.read(Json.write(view), ParetoView.class)).isEqualTo(view);
    }

    @Test
    void bestEntryRoundTrips() {
        BestEntry entry = new BestEntry("imagenet-1k", "deit-small", "comcat", 0.25, 2, 7, 1, "comcat-0.25", 0.76,
                9_000_000L, 2_000_000_000L, 3_000_000L, 12.5, Map.of("qk", List.of(8, 4), "vo", List.of(4, 2)), 5L,
                0.798, 0.76 - 0.798, 1.75, 0.76 - 0.80);
        assertThat(Json.read(Json.write(entry), BestEntry.class)).isEqualTo(entry);
    }

    @Test
    void trialPageViewRoundTripsWithNullResultColumns() {
        TrialPageView page = new TrialPageView(List.of(Map.of("id", 4, "state", "QUEUED")), 20_000);
        assertThat(Json.read(Json.write(page), TrialPageView.class)).isEqualTo(page);
    }
}
