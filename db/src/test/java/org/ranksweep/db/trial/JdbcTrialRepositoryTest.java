package org.ranksweep.db.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.lifecycle.Decision;
import org.ranksweep.core.lifecycle.Effect;
import org.ranksweep.core.lifecycle.LifecycleEvent;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.leaderboard.JdbcLeaderboardRepository;
import org.ranksweep.db.leaderboard.LeaderboardFilter;
import org.ranksweep.db.leaderboard.LeaderboardRow;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.testing.TrialDriver;

/** Trials driven through the lifecycle and stored by batches, read back through the repository. */
class JdbcTrialRepositoryTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private static final Instant LEASE = Instant.parse("2030-01-01T00:00:00Z");

    private final JdbcSweepRepository sweeps = new JdbcSweepRepository(DATABASE.database());
    private final JdbcTrialRepository trials = new JdbcTrialRepository(DATABASE.database());
    private final TrialDriver driver = new TrialDriver(DATABASE.database());

    @Test
    void attemptsAreNumberedFromOneAndTheTrialRunsTheLatest() {
        TrialId trial = newTrials(1, 3).get(0);

        driver.applyWithLease(
                trial,
                LEASE,
                new LifecycleEvent.Enqueued(),
                new LifecycleEvent.StartClaimed(1, "worker-a"),
                new LifecycleEvent.AttemptLost(1, "lease expired"));
        driver.applyWithLease(trial, LEASE.plusSeconds(60), new LifecycleEvent.StartClaimed(2, "worker-b"));

        StoredTrial stored = trials.find(trial).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.RUNNING);
        assertThat(stored.attemptCount()).isEqualTo(2);
        assertThat(stored.reason()).isNull();
        assertThat(stored.startedAt()).isNotNull();
        assertThat(trials.attempts(trial))
                .extracting(
                        StoredAttempt::attemptNumber,
                        StoredAttempt::workerId,
                        StoredAttempt::outcome,
                        StoredAttempt::leaseDeadline)
                .containsExactly(
                        tuple(1, "worker-a", AttemptOutcome.LOST, LEASE),
                        tuple(2, "worker-b", AttemptOutcome.RUNNING, LEASE.plusSeconds(60)));
    }

    @Test
    void leaseRenewsOnlyWhileTheAttemptRuns() {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = driver.start(trial, "worker-a");

        assertThat(trials.renewLease(trial, attempt, LEASE.plusSeconds(30))).isTrue();
        driver.apply(trial, new LifecycleEvent.AttemptLost(attempt, "lease expired"));
        assertThat(trials.renewLease(trial, attempt, LEASE.plusSeconds(60))).isFalse();
        driver.apply(trial, new LifecycleEvent.AttemptFailed(attempt, true, "late failure report"));

        StoredAttempt stored = trials.attempts(trial).get(0);
        assertThat(stored.leaseDeadline()).isEqualTo(LEASE.plusSeconds(30));
        assertThat(stored.outcome()).isEqualTo(AttemptOutcome.LOST);
        assertThat(stored.reason()).isEqualTo("lease expired");
        assertThat(stored.endedAt()).isNotNull();
    }

    @Test
    void resultOfTheCurrentAttemptIsAcceptedOnce() {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = driver.start(trial, "worker-a");
        TrialResult result = SampleTrials.measuredResult(0.8125, 54_000, new PairedSpeedup(1.37, 1.21, 1.52, 11));
        TrialResult repeated = SampleTrials.result(0.5, 54_000);

        driver.apply(
                trial,
                new LifecycleEvent.ResultReported(attempt, result),
                new LifecycleEvent.ResultReported(attempt, repeated));

        assertThat(trials.result(trial)).contains(result);
        StoredTrial stored = trials.find(trial).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(stored.endedAt()).isNotNull();
        assertThat(trials.attempts(trial)).extracting(StoredAttempt::outcome).containsExactly(AttemptOutcome.SUCCEEDED);
        assertThat(trials.staleResults(trial)).extracting(StaleResult::result).containsExactly(repeated);
    }

    @Test
    void aCustomizationResultIsStoredWithWhatItMeasuredAndShownOnTheLeaderboard() {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = driver.start(trial, "worker-a");
        CustomizationResult measured =
                new CustomizationResult(9, 2, 4_608, 19_044, 8.25, 0.033, 0.0731, 0.79, 0.11, 41.5, 0.9051);
        TrialResult result = TrialResult.ofCustomization(measured, "/artifacts/c", "ab12");

        driver.apply(trial, new LifecycleEvent.ResultReported(attempt, result));

        assertThat(trials.result(trial)).contains(result);
        assertThat(trials.result(trial).orElseThrow().customization()).isEqualTo(measured);
        LeaderboardRow row = new JdbcLeaderboardRepository(DATABASE.database())
                .query(LeaderboardFilter.ofSweep(
                        trials.find(trial).orElseThrow().sweepId()))
                .get(0);
        assertThat(row.customization()).isEqualTo(measured);
        assertThat(row.top1()).isEqualTo(0.79);
        assertThat(row.params()).isEqualTo(4_608);
    }

    @Test
    void lateResultOfALostAttemptIsStoredAsStale() {
        TrialId trial = newTrials(1, 3).get(0);
        int lost = driver.start(trial, "worker-a");
        driver.apply(trial, new LifecycleEvent.AttemptLost(lost, "lease expired"));
        TrialResult late = SampleTrials.result(0.7, 50_000);
        TrialResult fresh = SampleTrials.result(0.75, 50_000);

        driver.apply(trial, new LifecycleEvent.ResultReported(lost, late));
        assertThat(trials.find(trial).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
        assertThat(trials.result(trial)).isEmpty();
        int current = driver.start(trial, "worker-b");
        driver.apply(trial, new LifecycleEvent.ResultReported(current, fresh));

        assertThat(trials.result(trial)).contains(fresh);
        assertThat(trials.staleResults(trial)).singleElement().satisfies(stale -> {
            assertThat(stale.attemptNumber()).isEqualTo(lost);
            assertThat(stale.result()).isEqualTo(late);
        });
    }

    @Test
    void concurrentResultsForTheSameAttemptYieldExactlyOneAccepted() throws Exception {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = driver.start(trial, "worker-a");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Decision>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                double top1 = 0.5 + i / 100.0;
                calls.add(() -> driver.apply(
                                trial, new LifecycleEvent.ResultReported(attempt, SampleTrials.result(top1, 1000)))
                        .get(0));
            }
            List<Decision> decisions = new ArrayList<>();
            for (Future<Decision> decision : pool.invokeAll(calls)) {
                decisions.add(decision.get());
            }
            assertThat(decisions)
                    .filteredOn(decision -> decision.has(Effect.AcceptResult.class))
                    .hasSize(1);
            assertThat(trials.staleResults(trial)).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uniqueConstraintForbidsASecondResultRow() {
        TrialId trial = newTrials(1, 3).get(0);
        driver.complete(trial, "worker-a", List.of(), SampleTrials.result(0.9, 10));

        assertThatThrownBy(() -> execute("INSERT INTO results (trial_id, attempt_number, top1, params, macs,"
                        + " attention_params, latency_ms_b1, latency_ms_b64) VALUES (" + trial.value()
                        + ", 1, 0.5, 1, 1, 1, 1, 1)"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("results_trial_unique");
    }

    @Test
    void metricsComeBackInRecordedOrderAcrossAttempts() {
        TrialId trial = newTrials(1, 3).get(0);
        List<TrialMetric> firstBatch = List.of(
                new TrialMetric("finetune", 1, "train", "loss", 2.5),
                new TrialMetric("finetune", 1, "heldout", "top1", 0.25));
        List<TrialMetric> secondBatch = List.of(
                new TrialMetric("finetune", 2, "train", "loss", Double.NaN),
                new TrialMetric("finetune", 2, "train", "lr", 1e-6),
                new TrialMetric("eval", 0, "test", "top1", 0.5));
        int first = driver.start(trial, "worker-a");

        driver.apply(
                trial,
                new LifecycleEvent.MetricsReported(first, firstBatch),
                new LifecycleEvent.MetricsReported(first, List.of()),
                new LifecycleEvent.AttemptLost(first, "lease expired"),
                new LifecycleEvent.MetricsReported(first, List.of(new TrialMetric("late", 9, "x", "y", 1))),
                new LifecycleEvent.StartClaimed(first + 1, "worker-b"),
                new LifecycleEvent.MetricsReported(first + 1, secondBatch));

        List<StoredMetric> stored = trials.metrics(trial);
        List<TrialMetric> expected = new ArrayList<>(firstBatch);
        expected.addAll(secondBatch);
        assertThat(stored).extracting(StoredMetric::metric).containsExactlyElementsOf(expected);
        assertThat(stored).extracting(StoredMetric::attemptNumber).containsExactly(1, 1, 2, 2, 2);
        assertThat(stored).allSatisfy(metric -> assertThat(metric.recordedAt()).isNotNull());
    }

    @Test
    void cancellingEveryTrialOfASweepLeavesFinishedTrialsAlone() {
        List<TrialId> ids = newTrials(5, 3);
        driver.complete(ids.get(0), "worker-a", List.of(), SampleTrials.result(0.6, 1));
        driver.apply(
                ids.get(1),
                new LifecycleEvent.Enqueued(),
                new LifecycleEvent.StartClaimed(1, "worker-a"),
                new LifecycleEvent.AttemptFailed(1, false, "NaN loss"));
        driver.apply(ids.get(2), new LifecycleEvent.Enqueued());
        int running = driver.start(ids.get(3), "worker-b");

        List<Decision> cancelled = new ArrayList<>();
        for (TrialId id : ids) {
            cancelled.addAll(driver.apply(id, new LifecycleEvent.Cancelled("sweep cancelled")));
        }

        assertThat(cancelled)
                .filteredOn(decision -> decision.ignoredBecause().isEmpty())
                .hasSize(3);
        assertThat(ids)
                .extracting(id -> trials.find(id).orElseThrow().state())
                .containsExactly(
                        TrialState.COMPLETED,
                        TrialState.FAILED,
                        TrialState.CANCELLED,
                        TrialState.CANCELLED,
                        TrialState.CANCELLED);
        assertThat(trials.attempts(ids.get(3))).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.CANCELLED);
            assertThat(attempt.reason()).isEqualTo("sweep cancelled");
        });
        driver.apply(ids.get(3), new LifecycleEvent.ResultReported(running, SampleTrials.result(0.9, 1)));
        assertThat(trials.result(ids.get(3))).isEmpty();
        assertThat(trials.staleResults(ids.get(3))).hasSize(1);
        assertThat(trials.result(ids.get(0))).isPresent();
    }

    @Test
    void listByStateFindsTrialsToReconcile() {
        List<TrialId> ids = newTrials(3, 3);
        driver.start(ids.get(1), "worker-a");

        assertThat(trials.listByState(TrialState.RUNNING))
                .extracting(StoredTrial::id)
                .contains(ids.get(1))
                .doesNotContain(ids.get(0), ids.get(2));
    }

    @Test
    void attemptCountsReadTheAttemptsOfEveryTrialInAState() {
        List<TrialId> ids = newTrials(3, 3);
        driver.start(ids.get(1), "worker-a");
        driver.apply(ids.get(1), new LifecycleEvent.AttemptLost(1, "worker left"));
        driver.start(ids.get(2), "worker-b");

        assertThat(trials.attemptCounts(TrialState.QUEUED))
                .containsEntry(ids.get(1), 1)
                .doesNotContainKey(ids.get(2));
        assertThat(trials.attemptCounts(TrialState.RUNNING))
                .containsEntry(ids.get(2), 1)
                .doesNotContainKeys(ids.get(0), ids.get(1));
    }

    @Test
    void leasesKeepMicrosecondPrecision() {
        TrialId trial = newTrials(1, 3).get(0);
        Instant deadline = Instant.parse("2031-05-06T07:08:09.123456789Z");

        driver.applyWithLease(
                trial, deadline, new LifecycleEvent.Enqueued(), new LifecycleEvent.StartClaimed(1, "worker-a"));

        assertThat(trials.attempts(trial).get(0).leaseDeadline())
                .isEqualTo(deadline.truncatedTo(ChronoUnit.MICROS).plusNanos(1000));
    }

    private List<TrialId> newTrials(int count, int maxAttempts) {
        List<TrialConfig> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            configs.add(SampleTrials.config("comcat", 0.5, 1000 + i));
        }
        return sweeps.create(SampleTrials.sweep("trials", configs, maxAttempts)).trialIds();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DATABASE.database().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
