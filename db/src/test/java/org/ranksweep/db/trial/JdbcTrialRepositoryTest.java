package org.ranksweep.db.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;

class JdbcTrialRepositoryTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private static final Instant LEASE = Instant.parse("2030-01-01T00:00:00Z");

    private final JdbcSweepRepository sweeps = new JdbcSweepRepository(DATABASE.database());
    private final JdbcTrialRepository trials = new JdbcTrialRepository(DATABASE.database());

    @Test
    void transitionIsCompareAndSet() {
        TrialId trial = newTrials(1, 3).get(0);

        assertThat(trials.transition(trial, TrialState.PENDING, TrialState.QUEUED, null)).isTrue();
        assertThat(trials.transition(trial, TrialState.PENDING, TrialState.RUNNING, null)).isFalse();
        assertThat(trials.transition(trial, TrialState.QUEUED, TrialState.PRUNED, "successive halving")).isTrue();

        StoredTrial stored = trials.find(trial).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.PRUNED);
        assertThat(stored.reason()).isEqualTo("successive halving");
        assertThat(stored.endedAt()).isNotNull();
        assertThatThrownBy(() -> trials.transition(new TrialId(99_999), TrialState.PENDING, TrialState.QUEUED, null))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("99999");
    }

    @Test
    void attemptsAreNumberedFromOneAndTheTrialRunsTheLatest() {
        TrialId trial = newTrials(1, 3).get(0);
        trials.transition(trial, TrialState.PENDING, TrialState.QUEUED, null);

        int first = trials.startAttempt(trial, "worker-a", LEASE);
        trials.endAttempt(trial, first, AttemptOutcome.LOST, "lease expired");
        trials.transition(trial, TrialState.RUNNING, TrialState.QUEUED, "re-queued after lost attempt");
        int second = trials.startAttempt(trial, "worker-b", LEASE.plusSeconds(60));

        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        StoredTrial stored = trials.find(trial).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.RUNNING);
        assertThat(stored.attemptCount()).isEqualTo(2);
        assertThat(stored.reason()).isNull();
        assertThat(stored.startedAt()).isNotNull();
        assertThat(trials.attempts(trial)).extracting(StoredAttempt::attemptNumber, StoredAttempt::workerId,
                        StoredAttempt::outcome, StoredAttempt::leaseDeadline)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "worker-a", AttemptOutcome.LOST, LEASE),
                        org.assertj.core.groups.Tuple.tuple(2, "worker-b", AttemptOutcome.RUNNING,
                                LEASE.plusSeconds(60)));
    }

    @Test
    void startAttemptRefusesTerminalTrialsAndExhaustedAttempts() {
        List<TrialId> ids = newTrials(2, 1);
        trials.transition(ids.get(0), TrialState.PENDING, TrialState.CANCELLED, null);
        trials.startAttempt(ids.get(1), "worker-a", LEASE);
        trials.endAttempt(ids.get(1), 1, AttemptOutcome.LOST, "member left");

        assertThatThrownBy(() -> trials.startAttempt(ids.get(0), "worker-a", LEASE))
                .isInstanceOf(ConflictException.class).hasMessageContaining("CANCELLED");
        assertThatThrownBy(() -> trials.startAttempt(ids.get(1), "worker-a", LEASE))
                .isInstanceOf(ConflictException.class).hasMessageContaining("all 1 attempts");
        assertThat(trials.attempts(ids.get(0))).isEmpty();
    }

    @Test
    void startingAnAttemptEndsAForgottenRunningOneAsLost() {
        TrialId trial = newTrials(1, 3).get(0);
        trials.startAttempt(trial, "worker-a", LEASE);

        trials.startAttempt(trial, "worker-b", LEASE);

        assertThat(trials.attempts(trial)).extracting(StoredAttempt::outcome)
                .containsExactly(AttemptOutcome.LOST, AttemptOutcome.RUNNING);
    }

    @Test
    void leaseRenewsOnlyWhileTheAttemptRuns() {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = trials.startAttempt(trial, "worker-a", LEASE);

        assertThat(trials.renewLease(trial, attempt, LEASE.plusSeconds(30))).isTrue();
        assertThat(trials.endAttempt(trial, attempt, AttemptOutcome.LOST, "lease expired")).isTrue();
        assertThat(trials.renewLease(trial, attempt, LEASE.plusSeconds(60))).isFalse();
        assertThat(trials.endAttempt(trial, attempt, AttemptOutcome.FAILED, "late failure report")).isFalse();

        StoredAttempt stored = trials.attempts(trial).get(0);
        assertThat(stored.leaseDeadline()).isEqualTo(LEASE.plusSeconds(30));
        assertThat(stored.outcome()).isEqualTo(AttemptOutcome.LOST);
        assertThat(stored.reason()).isEqualTo("lease expired");
        assertThat(stored.endedAt()).isNotNull();
        assertThatThrownBy(() -> trials.endAttempt(trial, 7, AttemptOutcome.FAILED, "x"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void resultOfTheCurrentAttemptIsAcceptedOnce() {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = trials.startAttempt(trial, "worker-a", LEASE);
        TrialResult result = SampleTrials.result(0.8125, 54_000);
        TrialResult repeated = SampleTrials.result(0.5, 54_000);

        assertThat(trials.recordResult(trial, attempt, result)).isEqualTo(ResultOutcome.ACCEPTED);
        assertThat(trials.recordResult(trial, attempt, repeated)).isEqualTo(ResultOutcome.STALE);

        assertThat(trials.result(trial)).contains(result);
        StoredTrial stored = trials.find(trial).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(stored.endedAt()).isNotNull();
        assertThat(trials.attempts(trial)).extracting(StoredAttempt::outcome)
                .containsExactly(AttemptOutcome.SUCCEEDED);
        assertThat(trials.staleResults(trial)).extracting(StaleResult::result).containsExactly(repeated);
    }

    @Test
    void lateResultOfALostAttemptIsStoredAsStale() {
        TrialId trial = newTrials(1, 3).get(0);
        int lost = trials.startAttempt(trial, "worker-a", LEASE);
        trials.endAttempt(trial, lost, AttemptOutcome.LOST, "lease expired");
        trials.transition(trial, TrialState.RUNNING, TrialState.QUEUED, null);
        int current = trials.startAttempt(trial, "worker-b", LEASE);
        TrialResult late = SampleTrials.result(0.7, 50_000);
        TrialResult fresh = SampleTrials.result(0.75, 50_000);

        assertThat(trials.recordResult(trial, lost, late)).isEqualTo(ResultOutcome.STALE);
        assertThat(trials.find(trial).orElseThrow().state()).isEqualTo(TrialState.RUNNING);
        assertThat(trials.result(trial)).isEmpty();
        assertThat(trials.recordResult(trial, current, fresh)).isEqualTo(ResultOutcome.ACCEPTED);

        assertThat(trials.result(trial)).contains(fresh);
        assertThat(trials.staleResults(trial)).singleElement().satisfies(stale -> {
            assertThat(stale.attemptNumber()).isEqualTo(lost);
            assertThat(stale.result()).isEqualTo(late);
        });
    }

    @Test
    void resultOfALostButNotYetReplacedAttemptIsStale() {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = trials.startAttempt(trial, "worker-a", LEASE);
        trials.endAttempt(trial, attempt, AttemptOutcome.LOST, "lease expired");

        assertThat(trials.recordResult(trial, attempt, SampleTrials.result(0.7, 1))).isEqualTo(ResultOutcome.STALE);
        assertThat(trials.result(trial)).isEmpty();
    }

    @Test
    void concurrentResultsForTheSameAttemptYieldExactlyOneAccepted() throws Exception {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = trials.startAttempt(trial, "worker-a", LEASE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ResultOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                double top1 = 0.5 + i / 100.0;
                calls.add(() -> trials.recordResult(trial, attempt, SampleTrials.result(top1, 1000)));
            }
            List<ResultOutcome> outcomes = new ArrayList<>();
            for (Future<ResultOutcome> outcome : pool.invokeAll(calls)) {
                outcomes.add(outcome.get());
            }
            assertThat(outcomes).filteredOn(outcome -> outcome == ResultOutcome.ACCEPTED).hasSize(1);
            assertThat(trials.staleResults(trial)).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uniqueConstraintForbidsASecondResultRow() {
        TrialId trial = newTrials(1, 3).get(0);
        int attempt = trials.startAttempt(trial, "worker-a", LEASE);
        trials.recordResult(trial, attempt, SampleTrials.result(0.9, 10));

        assertThatThrownBy(() -> execute("INSERT INTO results (trial_id, attempt_number, top1, params, macs,"
                + " attention_params, latency_ms_b1, latency_ms_b64) VALUES (" + trial.value()
                + ", 1, 0.5, 1, 1, 1, 1, 1)"))
                .isInstanceOf(SQLException.class).hasMessageContaining("results_trial_unique");
    }

    @Test
    void metricsComeBackInRecordedOrder() {
        TrialId trial = newTrials(1, 3).get(0);
        int first = trials.startAttempt(trial, "worker-a", LEASE);
        List<TrialMetric> firstBatch = List.of(new TrialMetric("finetune", 1, "train", "loss", 2.5),
                new TrialMetric("finetune", 1, "heldout", "top1", 0.25));
        List<TrialMetric> secondBatch = List.of(new TrialMetric("finetune", 2, "train", "loss", Double.NaN),
                new TrialMetric("finetune", 2, "train", "lr", 1e-6), new TrialMetric("eval", 0, "test", "top1", 0.5));

        trials.recordMetrics(trial, first, firstBatch);
        trials.recordMetrics(trial, first, List.of());
        trials.recordMetrics(trial, first + 1, secondBatch);

        List<StoredMetric> stored = trials.metrics(trial);
        List<TrialMetric> expected = new ArrayList<>(firstBatch);
        expected.addAll(secondBatch);
        assertThat(stored).extracting(StoredMetric::metric).containsExactlyElementsOf(expected);
        assertThat(stored).extracting(StoredMetric::attemptNumber).containsExactly(1, 1, 2, 2, 2);
        assertThat(stored).allSatisfy(metric -> assertThat(metric.recordedAt()).isNotNull());
    }

    @Test
    void completedTrialWithTheSameHashIsReusedWithItsResult() {
        TrialConfig config = SampleTrials.config("comcat", 0.375, 11);
        StoredSweep earlier = sweeps.create(SampleTrials.sweep("reuse-source", List.of(config), 3)).sweep();
        TrialId source = trials.listBySweep(earlier.id()).get(0).id();
        trials.recordResult(source, trials.startAttempt(source, "worker-a", LEASE), SampleTrials.result(0.77, 4242));
        StoredSweep later = sweeps.create(SampleTrials.sweep("reuse-target", List.of(config), 3)).sweep();
        TrialId target = trials.listBySweep(later.id()).get(0).id();

        StoredTrial candidate = trials.findCompletedByHash(SampleTrials.contentHash(config)).orElseThrow();
        trials.completeFromReuse(target, candidate.id());

        assertThat(candidate.id()).isEqualTo(source);
        StoredTrial reused = trials.find(target).orElseThrow();
        assertThat(reused.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(reused.attemptCount()).isZero();
        assertThat(trials.result(target)).isEqualTo(trials.result(source));
        assertThat(trials.reusedFrom(target)).contains(source);
        assertThat(trials.reusedFrom(source)).isEmpty();
        assertThat(trials.findCompletedByHash(SampleTrials.contentHash(config))).map(StoredTrial::id)
                .contains(target);
        assertThatThrownBy(() -> trials.completeFromReuse(target, source)).isInstanceOf(ConflictException.class);
    }

    @Test
    void reuseNeedsAMatchingHashAndAResult() {
        TrialConfig config = SampleTrials.config("comcat", 0.625, 12);
        StoredSweep sweep = sweeps.create(SampleTrials.sweep("reuse-guards",
                List.of(config, config, SampleTrials.config("comcat", 0.625, 13)), 3)).sweep();
        List<StoredTrial> stored = trials.listBySweep(sweep.id());

        assertThat(trials.findCompletedByHash(SampleTrials.contentHash(config))).isEmpty();
        assertThatThrownBy(() -> trials.completeFromReuse(stored.get(0).id(), stored.get(1).id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("no result");
        assertThatThrownBy(() -> trials.completeFromReuse(stored.get(0).id(), stored.get(2).id()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("content hash");
        assertThat(trials.find(stored.get(0).id()).orElseThrow().state()).isEqualTo(TrialState.PENDING);
    }

    @Test
    void cancelNonTerminalLeavesFinishedTrialsAlone() {
        List<TrialId> ids = newTrials(5, 3);
        trials.recordResult(ids.get(0), trials.startAttempt(ids.get(0), "worker-a", LEASE),
                SampleTrials.result(0.6, 1));
        trials.transition(ids.get(1), TrialState.PENDING, TrialState.FAILED, "NaN loss");
        trials.transition(ids.get(2), TrialState.PENDING, TrialState.QUEUED, null);
        int running = trials.startAttempt(ids.get(3), "worker-b", LEASE);

        int cancelled = trials.cancelNonTerminal(trials.find(ids.get(0)).orElseThrow().sweepId());

        assertThat(cancelled).isEqualTo(3);
        assertThat(ids).extracting(id -> trials.find(id).orElseThrow().state()).containsExactly(
                TrialState.COMPLETED, TrialState.FAILED, TrialState.CANCELLED, TrialState.CANCELLED,
                TrialState.CANCELLED);
        assertThat(trials.attempts(ids.get(3))).singleElement()
                .satisfies(attempt -> assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.CANCELLED));
        assertThat(trials.recordResult(ids.get(3), running, SampleTrials.result(0.9, 1)))
                .isEqualTo(ResultOutcome.STALE);
        assertThat(trials.result(ids.get(0))).isPresent();
    }

    @Test
    void listByStateFindsTrialsToReconcile() {
        List<TrialId> ids = newTrials(3, 3);
        trials.startAttempt(ids.get(1), "worker-a", LEASE);

        assertThat(trials.listByState(TrialState.RUNNING)).extracting(StoredTrial::id).contains(ids.get(1))
                .doesNotContain(ids.get(0), ids.get(2));
    }

    @Test
    void attemptCountsReadTheAttemptsOfEveryTrialInAState() {
        List<TrialId> ids = newTrials(3, 3);
        trials.startAttempt(ids.get(1), "worker-a", LEASE);
        trials.endAttempt(ids.get(1), 1, AttemptOutcome.LOST, "worker left");
        trials.transition(ids.get(1), TrialState.RUNNING, TrialState.QUEUED, "worker left");
        trials.startAttempt(ids.get(2), "worker-b", LEASE);

        assertThat(trials.attemptCounts(TrialState.QUEUED)).containsEntry(ids.get(1), 1)
                .doesNotContainKey(ids.get(2));
        assertThat(trials.attemptCounts(TrialState.RUNNING)).containsEntry(ids.get(2), 1)
                .doesNotContainKeys(ids.get(0), ids.get(1));
    }

    @Test
    void leasesKeepMicrosecondPrecision() {
        TrialId trial = newTrials(1, 3).get(0);
        Instant deadline = Instant.parse("2031-05-06T07:08:09.123456789Z");

        trials.startAttempt(trial, "worker-a", deadline);

        assertThat(trials.attempts(trial).get(0).leaseDeadline())
                .isEqualTo(deadline.truncatedTo(ChronoUnit.MICROS).plusNanos(1000));
    }

    private List<TrialId> newTrials(int count, int maxAttempts) {
        List<TrialConfig> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            configs.add(SampleTrials.config("comcat", 0.5, 1000 + i));
        }
        StoredSweep sweep = sweeps.create(SampleTrials.sweep("trials", configs, maxAttempts)).sweep();
        return trials.listBySweep(sweep.id()).stream().map(StoredTrial::id).toList();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DATABASE.database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
