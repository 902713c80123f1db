package org.ranksweep.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.db.leaderboard.LeaderboardRow;
import org.ranksweep.db.sweep.SweepProgress;

/** The db records without timestamps that the orchestrator serves over HTTP survive the shared JSON mapping. */
class RecordJsonTest {

    @Test
    void leaderboardRowRoundTrips() {
        LeaderboardRow row = new LeaderboardRow(
                new TrialId(7),
                new SweepId(2),
                "comcat-entry",
                "comcat",
                0.25,
                "fashion-mnist",
                "vit-tiny-fmnist",
                42,
                TrialState.COMPLETED,
                0.8125,
                54_000L,
                2_646_000L,
                18_000L,
                1.5,
                21.0,
                Map.of("qk", List.of(8, 4), "vo", List.of(4, 2)),
                "/artifacts/7",
                new TrialId(3),
                new PairedSpeedup(1.31, 1.22, 1.40, 9),
                null);
        LeaderboardRow pending = new LeaderboardRow(
                new TrialId(8),
                new SweepId(2),
                "dense",
                "dense",
                null,
                "fashion-mnist",
                "vit-tiny-fmnist",
                1,
                TrialState.PENDING,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                null,
                null,
                new CustomizationResult(8, 2, 4_608, 18_912, 9.5, 0.038, 0.11, 0.79, 0.11, 41.2, 0.9051));

        assertThat(Json.read(Json.write(row), LeaderboardRow.class)).isEqualTo(row);
        assertThat(Json.read(Json.write(pending), LeaderboardRow.class)).isEqualTo(pending);
    }

    @Test
    void aCustomizationResultStoredBeforeTheJudgesTop1WasRecordedReadsWithoutIt() {
        CustomizationResult older =
                new CustomizationResult(8, 2, 4_608, 18_912, 9.5, 0.038, 0.11, 0.79, 0.11, 41.2, null);
        String stored = Json.write(older);

        assertThat(stored).doesNotContain("judgeTop1");
        assertThat(Json.read(stored, CustomizationResult.class)).isEqualTo(older);
    }

    @Test
    void baselineRoundTrips() {
        Baseline baseline = new Baseline(
                "deit-small",
                "imagenet-1k",
                "vit-slim",
                11_400_000L,
                null,
                0.799,
                "Chavan et al. 2022",
                null,
                null,
                300,
                "FLOPs = MACs",
                null);

        assertThat(Json.read(Json.write(baseline), Baseline.class)).isEqualTo(baseline);
    }

    @Test
    void sweepProgressRoundTrips() {
        SweepProgress progress =
                new SweepProgress(new SweepId(5), 4, Map.of(TrialState.COMPLETED, 3, TrialState.RUNNING, 1));

        assertThat(Json.read(Json.write(progress), SweepProgress.class)).isEqualTo(progress);
        assertThat(Json.read(Json.write(new TrialMetric("eval", 0, "test", "top1", 0.5)), TrialMetric.class))
                .isEqualTo(new TrialMetric("eval", 0, "test", "top1", 0.5));
    }
}
