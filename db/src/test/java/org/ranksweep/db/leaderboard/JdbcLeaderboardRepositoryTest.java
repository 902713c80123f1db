package org.ranksweep.db.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.testing.TrialDriver;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;

class JdbcLeaderboardRepositoryTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private static SweepId fashion;
    private static SweepId synthetic;
    private static List<TrialId> fashionTrials;

    private final JdbcLeaderboardRepository leaderboard = new JdbcLeaderboardRepository(DATABASE.database());

    /**
     * Sweep "fashion": comcat 0.5 → 0.81, comcat 0.25 → 0.78, head-prune 0.5 → 0.79, svd-matrix (explicit ranks)
     * still pending. Sweep "synthetic" on another dataset and model: comcat 0.5 → 0.95.
     */
    @BeforeAll
    static void storeTrials() {
        JdbcSweepRepository sweeps = new JdbcSweepRepository(DATABASE.database());
        JdbcTrialRepository trials = new JdbcTrialRepository(DATABASE.database());
        fashion = sweeps.create(SampleTrials.sweep(
                        "fashion",
                        List.of(
                                SampleTrials.config("comcat", 0.5, 1),
                                SampleTrials.config("comcat", 0.25, 2),
                                SampleTrials.config("head-prune", 0.5, 3),
                                SampleTrials.config("svd-matrix", null, 4)),
                        2))
                .id();
        TrialConfig other = SampleTrials.config("comcat", "synthetic", "deit-tiny", 0.5, 5);
        synthetic = sweeps.create(SampleTrials.sweep("synthetic", List.of(other), 2))
                .id();
        fashionTrials =
                trials.listBySweep(fashion).stream().map(StoredTrial::id).toList();
        new TrialDriver(DATABASE.database())
                .complete(
                        fashionTrials.get(0),
                        "worker",
                        List.of(),
                        SampleTrials.measuredResult(0.81, 30_000, new PairedSpeedup(1.25, 1.2, 1.3, 11)));
        complete(fashionTrials.get(1), 0.78, 20_000);
        complete(fashionTrials.get(2), 0.79, 25_000);
        complete(trials.listBySweep(synthetic).get(0).id(), 0.95, 5_000_000);
    }

    private static void complete(TrialId trial, double top1, long params) {
        new TrialDriver(DATABASE.database()).complete(trial, "worker", List.of(), SampleTrials.result(top1, params));
    }

    @Test
    void rowsAreOrderedByTop1WithUnfinishedTrialsLast() {
        List<LeaderboardRow> rows = leaderboard.query(LeaderboardFilter.ofSweep(fashion));

        assertThat(rows).extracting(LeaderboardRow::top1).containsExactly(0.81, 0.79, 0.78, null);
        assertThat(rows)
                .extracting(LeaderboardRow::method)
                .containsExactly("comcat", "head-prune", "comcat", "svd-matrix");
        assertThat(rows)
                .extracting(LeaderboardRow::pairedSpeedup)
                .containsExactly(new PairedSpeedup(1.25, 1.2, 1.3, 11), null, null, null);
        LeaderboardRow pending = rows.get(3);
        assertThat(pending.state()).isEqualTo(TrialState.PENDING);
        assertThat(pending.hasResult()).isFalse();
        assertThat(pending.params()).isNull();
        assertThat(pending.ranks()).isEmpty();
        assertThat(pending.budget()).isNull();
    }

    @Test
    void rowCarriesConfigurationAndResultColumns() {
        LeaderboardRow best =
                leaderboard.query(LeaderboardFilter.ofSweep(fashion)).get(0);

        assertThat(best.trialId()).isEqualTo(fashionTrials.get(0));
        assertThat(best.sweepId()).isEqualTo(fashion);
        assertThat(best.label()).isEqualTo("comcat-entry");
        assertThat(best.budget()).isEqualTo(0.5);
        assertThat(best.dataset()).isEqualTo(SampleTrials.DATASET);
        assertThat(best.model()).isEqualTo(SampleTrials.MODEL);
        assertThat(best.seed()).isEqualTo(1);
        assertThat(best.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(best.params()).isEqualTo(30_000);
        assertThat(best.macs()).isEqualTo(30_000 * 49);
        assertThat(best.attentionParams()).isEqualTo(10_000);
        assertThat(best.latencyMsBatch1()).isEqualTo(1.25);
        assertThat(best.latencyMsBatch64()).isEqualTo(20.5);
        assertThat(best.ranks()).isEqualTo(Map.of("qk", List.of(8, 8, 4, 4), "vo", List.of(8, 4, 4, 2)));
        assertThat(best.artifactPath()).isEqualTo("/artifacts/30000");
        assertThat(best.reusedFromTrialId()).isNull();
    }

    @Test
    void filtersByDatasetModelAndMethod() {
        assertThat(leaderboard.query(new LeaderboardFilter("synthetic", null, null, null, 10, 0)))
                .extracting(LeaderboardRow::sweepId)
                .containsExactly(synthetic);
        assertThat(leaderboard.query(new LeaderboardFilter(null, "deit-tiny", null, null, 10, 0)))
                .extracting(LeaderboardRow::top1)
                .containsExactly(0.95);
        assertThat(leaderboard.query(
                        new LeaderboardFilter(SampleTrials.DATASET, SampleTrials.MODEL, "comcat", null, 10, 0)))
                .extracting(LeaderboardRow::top1)
                .containsExactly(0.81, 0.78);
        assertThat(leaderboard.query(new LeaderboardFilter(null, null, "comcat", null, 10, 0)))
                .extracting(LeaderboardRow::top1)
                .containsExactly(0.95, 0.81, 0.78);
        assertThat(leaderboard.query(new LeaderboardFilter("imagenet-1k", null, null, null, 10, 0)))
                .isEmpty();
    }

    @Test
    void pagesWithLimitAndOffset() {
        assertThat(leaderboard.query(LeaderboardFilter.all()))
                .extracting(LeaderboardRow::top1)
                .containsExactly(0.95, 0.81, 0.79, 0.78, null);
        assertThat(leaderboard.query(new LeaderboardFilter(null, null, null, null, 2, 1)))
                .extracting(LeaderboardRow::top1)
                .containsExactly(0.81, 0.79);
    }
}
