package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.leaderboard.LeaderboardRow;

/**
 * The speed-up a row shows: the paired measurement taken beside the trial's own dense base wins over the ratio of
 * two latencies timed apart; results recorded before paired timing fall back to that ratio.
 */
class LeaderboardSpeedupTest {

    private static final LeaderboardRow DENSE = row(1, "dense", 10.0, null);

    @Test
    void thePairedMeasurementIsTheSpeedupEvenWhenTheLatenciesSaySomethingElse() {
        PairedSpeedup paired = new PairedSpeedup(1.4, 1.3, 1.6, 11);
        LeaderboardRow comcat = row(2, "comcat", 5.0, paired);

        assertThat(Leaderboard.entry(comcat, DENSE, null).speedupVsDense()).isEqualTo(1.4);
        // no dense trial in the sweep: the paired measurement still stands
        assertThat(Leaderboard.entry(comcat, null, null).speedupVsDense()).isEqualTo(1.4);
    }

    @Test
    void anOlderResultWithoutPairedTimingFallsBackToTheLatencyRatioAndNeedsADenseTrialForIt() {
        LeaderboardRow older = row(3, "comcat", 8.0, null);

        assertThat(Leaderboard.entry(older, DENSE, null).speedupVsDense()).isEqualTo(10.0 / 8.0);
        assertThat(Leaderboard.entry(older, null, null).speedupVsDense()).isNull();
    }

    private static LeaderboardRow row(long id, String method, double latencyMs, PairedSpeedup paired) {
        return new LeaderboardRow(
                new TrialId(id),
                new SweepId(1),
                method,
                method,
                null,
                "fashion-mnist",
                "vit-tiny-fmnist",
                0,
                TrialState.COMPLETED,
                0.8,
                1000L,
                2000L,
                500L,
                latencyMs / 10,
                latencyMs,
                Map.of(),
                "/a/" + id,
                null,
                paired,
                null);
    }
}
