package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.orchestrator.report.TrialView;

class PaperTableTest {

    @Test
    void aPointRunWithSeveralSeedsIsReportedAsItsMeanAndReproducedWithinItsInterval() {
        List<TrialView> trials = List.of(trial(1, 0.80), trial(2, 0.84), trial(3, 0.82));
        double mean = 0.82;
        double halfWidth = 4.303 * 0.02 / Math.sqrt(3);

        TableRow inside = PaperTable.rows(trials, List.of(), List.of(published(mean + halfWidth - 0.001)), 0)
                .get(0);
        TableRow outside = PaperTable.rows(trials, List.of(), List.of(published(mean + halfWidth + 0.002)), 0)
                .get(0);

        assertThat(inside.top1()).isCloseTo(mean, within(1e-12));
        assertThat(inside.top1HalfWidth()).isCloseTo(halfWidth, within(1e-5));
        assertThat(inside.seeds()).isEqualTo(3);
        assertThat(inside.status()).isEqualTo(PaperTable.REPRODUCED);
        assertThat(outside.status()).isEqualTo(PaperTable.NOT_REPRODUCED);
        // The three seeds form one row: none is left over as "measured (no published row)".
        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.5)), 0))
                .hasSize(1);
    }

    @Test
    void aSingleSeedKeepsThePlainToleranceRule() {
        List<TrialView> trials = List.of(trial(1, 0.80));

        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.804)), 0.5)
                        .get(0)
                        .status())
                .isEqualTo(PaperTable.REPRODUCED);
        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.806)), 0.5)
                        .get(0)
                        .status())
                .isEqualTo(PaperTable.NOT_REPRODUCED);
        assertThat(PaperTable.rows(trials, List.of(), List.of(published(0.806)), 0.5)
                        .get(0)
                        .top1HalfWidth())
                .isNull();
    }

    private static TrialView trial(long id, double top1) {
        return new TrialView(
                new TrialId(id),
                new SweepId(1),
                (int) id,
                "comcat",
                "comcat",
                0.5,
                id,
                TrialState.COMPLETED,
                1,
                3,
                null,
                "ab".repeat(32),
                null,
                null,
                null,
                top1,
                1000L,
                5000L,
                Map.of(),
                null,
                null,
                null,
                null);
    }

    private static Baseline published(double top1) {
        return new Baseline(
                "deit-small", "imagenet-1k", "comcat", null, null, top1, "test", null, null, null, null, null);
    }
}
