package org.ranksweep.db.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.ranksweep.db.testing.TrialDriver.LEASE;
import static org.ranksweep.db.testing.TrialDriver.decide;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.lifecycle.Decision;
import org.ranksweep.core.lifecycle.Effect;
import org.ranksweep.core.lifecycle.LifecycleEvent;
import org.ranksweep.core.lifecycle.TrialLifecycle;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;
import org.ranksweep.db.testing.TrialDriver;

/**
 * Lifecycle decisions stored in a batch: each sees the ones stored before it, all are written together or not at
 * all, and the schema refuses what the lifecycle never decides.
 */
class TrialBatchTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private final JdbcSweepRepository sweeps = new JdbcSweepRepository(DATABASE.database());
    private final JdbcTrialRepository trials = new JdbcTrialRepository(DATABASE.database());
    private final TrialDriver driver = new TrialDriver(DATABASE.database());

    @Test
    void attemptStartedAndCompletedInOneBatchIsStoredOnceWithItsOutcomeAndDuration() {
        List<TrialId> ids = queuedTrials(3, 3);

        trials.inBatch(ids, batch -> {
            for (TrialId id : ids) {
                decide(batch, id, new LifecycleEvent.StartClaimed(1, "worker-" + id.value()));
            }
            for (TrialId id : ids) {
                assertThat(batch.find(id).orElseThrow().state()).isEqualTo(TrialState.RUNNING);
                Decision completed = decide(
                        batch, id, new LifecycleEvent.ResultReported(1, SampleTrials.result(0.7, 100 + id.value())));
                assertThat(completed.has(Effect.AcceptResult.class)).isTrue();
            }
            return null;
        });

        for (TrialId id : ids) {
            StoredTrial stored = trials.find(id).orElseThrow();
            assertThat(stored.state()).isEqualTo(TrialState.COMPLETED);
            assertThat(stored.attemptCount()).isEqualTo(1);
            assertThat(stored.startedAt()).isNotNull();
            assertThat(stored.endedAt()).isAfter(stored.startedAt());
            List<StoredAttempt> attempts = trials.attempts(id);
            assertThat(attempts)
                    .extracting(
                            StoredAttempt::attemptNumber,
                            StoredAttempt::workerId,
                            StoredAttempt::outcome,
                            StoredAttempt::leaseDeadline)
                    .containsExactly(tuple(1, "worker-" + id.value(), AttemptOutcome.SUCCEEDED, LEASE));
            assertThat(attempts.get(0).endedAt()).isAfter(attempts.get(0).startedAt());
            assertThat(trials.result(id).orElseThrow().params()).isEqualTo(100 + id.value());
        }
    }

    @Test
    void aSecondResultInTheSameBatchIsStaleAndTheFirstStays() {
        TrialId id = queuedTrials(1, 3).get(0);

        List<Decision> decisions = driver.apply(
                id,
                new LifecycleEvent.StartClaimed(1, "worker-a"),
                new LifecycleEvent.ResultReported(1, SampleTrials.result(0.6, 10)),
                new LifecycleEvent.ResultReported(1, SampleTrials.result(0.9, 20)));

        assertThat(decisions.get(1).has(Effect.AcceptResult.class)).isTrue();
        assertThat(decisions.get(2).has(Effect.KeepStaleResult.class)).isTrue();
        assertThat(trials.result(id).orElseThrow().top1()).isEqualTo(0.6);
        assertThat(trials.staleResults(id))
                .extracting(stale -> stale.result().top1())
                .containsExactly(0.9);
    }

    @Test
    void aLostAttemptRequeuedInOneBatchLeavesItsLateResultStale() {
        TrialId id = queuedTrials(1, 3).get(0);
        driver.apply(id, new LifecycleEvent.StartClaimed(1, "worker-a"));

        driver.apply(
                id,
                new LifecycleEvent.AttemptLost(1, "lease expired"),
                new LifecycleEvent.AttemptFailed(1, true, "too late"),
                new LifecycleEvent.ResultReported(1, SampleTrials.result(0.5, 10)),
                new LifecycleEvent.StartClaimed(2, "worker-b"),
                new LifecycleEvent.ResultReported(2, SampleTrials.result(0.8, 30)));

        assertThat(trials.attempts(id))
                .extracting(StoredAttempt::attemptNumber, StoredAttempt::outcome, StoredAttempt::reason)
                .containsExactly(
                        tuple(1, AttemptOutcome.LOST, "lease expired"), tuple(2, AttemptOutcome.SUCCEEDED, null));
        assertThat(trials.result(id).orElseThrow().top1()).isEqualTo(0.8);
        assertThat(trials.staleResults(id)).hasSize(1);
        assertThat(trials.find(id).orElseThrow().state()).isEqualTo(TrialState.COMPLETED);
    }

    @Test
    void startingAnAttemptEndsAForgottenRunningOneAsLostBeforeTheNewRowIsInserted() throws SQLException {
        TrialId id = queuedTrials(1, 3).get(0);
        driver.apply(id, new LifecycleEvent.StartClaimed(1, "worker-a"));
        // Older code could leave a queued trial with its attempt still RUNNING.
        execute("UPDATE trials SET state = 'QUEUED' WHERE trial_id = " + id.value());

        driver.apply(id, new LifecycleEvent.StartClaimed(2, "worker-b"));

        assertThat(trials.attempts(id))
                .extracting(StoredAttempt::attemptNumber, StoredAttempt::outcome, StoredAttempt::reason)
                .containsExactly(
                        tuple(1, AttemptOutcome.LOST, "superseded by attempt 2"),
                        tuple(2, AttemptOutcome.RUNNING, null));
    }

    @Test
    void aCancelledTrialStartsNoAttemptAndKeepsItsReason() {
        TrialId id = queuedTrials(1, 1).get(0);

        List<Decision> decisions = driver.apply(
                id, new LifecycleEvent.Cancelled("sweep cancelled"), new LifecycleEvent.StartClaimed(1, "worker-b"));

        assertThat(decisions.get(1).effects(Effect.CancelLease.class)).hasSize(1);
        assertThat(trials.attempts(id)).isEmpty();
        StoredTrial stored = trials.find(id).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.CANCELLED);
        assertThat(stored.reason()).isEqualTo("sweep cancelled");
        assertThat(stored.endedAt()).isNotNull();
    }

    @Test
    void failingATrialEndsItsRunningAttemptAndKeepsMetricsInOrder() {
        TrialId id = queuedTrials(1, 3).get(0);

        driver.apply(
                id,
                new LifecycleEvent.StartClaimed(1, "worker-a"),
                new LifecycleEvent.MetricsReported(1, List.of(new TrialMetric("finetune", 1, "heldout", "top1", 0.3))),
                new LifecycleEvent.MetricsReported(
                        1,
                        List.of(
                                new TrialMetric("finetune", 2, "heldout", "top1", 0.4),
                                new TrialMetric("finetune", 2, "heldout", "loss", 1.5))),
                new LifecycleEvent.AttemptFailed(1, false, "dataset missing"));

        assertThat(trials.metrics(id))
                .extracting(
                        metric -> metric.metric().epoch(),
                        metric -> metric.metric().name())
                .containsExactly(tuple(1, "top1"), tuple(2, "top1"), tuple(2, "loss"));
        assertThat(trials.attempts(id))
                .extracting(StoredAttempt::outcome, StoredAttempt::reason)
                .containsExactly(tuple(AttemptOutcome.FAILED, "dataset missing"));
        StoredTrial stored = trials.find(id).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.FAILED);
        assertThat(stored.reason()).isEqualTo("dataset missing");
        assertThat(stored.endedAt()).isNotNull();
    }

    @Test
    void aBatchThatThrowsWritesNothing() {
        List<TrialId> ids = queuedTrials(2, 3);

        assertThatThrownBy(() -> trials.inBatch(ids, batch -> {
                    decide(batch, ids.get(0), new LifecycleEvent.StartClaimed(1, "worker-a"));
                    decide(batch, ids.get(0), new LifecycleEvent.ResultReported(1, SampleTrials.result(0.7, 10)));
                    throw new IllegalStateException("decided against it");
                }))
                .hasMessageContaining("decided against it");

        assertThat(trials.find(ids.get(0)).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
        assertThat(trials.attempts(ids.get(0))).isEmpty();
        assertThat(trials.result(ids.get(0))).isEmpty();
    }

    @Test
    void aDecisionMadeOnAnotherStateThanTheBatchHoldsIsRefused() {
        TrialId id = queuedTrials(1, 3).get(0);

        assertThatThrownBy(() -> trials.inBatch(List.of(id), batch -> {
                    Decision onQueued = TrialLifecycle.decide(
                            batch.snapshot(id).orElseThrow(), new LifecycleEvent.StartClaimed(1, "worker-a"));
                    decide(batch, id, new LifecycleEvent.Cancelled("sweep cancelled"));
                    batch.store(id, onQueued, LEASE);
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CANCELLED");

        assertThat(trials.find(id).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
    }

    @Test
    void unknownTrialsAreAbsentAndCompletedHashesAreFoundInOneQuery() {
        TrialId id = queuedTrials(1, 3).get(0);
        driver.complete(id, "worker-a", List.of(), SampleTrials.result(0.7, 10));
        TrialId unknown = new TrialId(987_654);

        Optional<StoredTrial> found = trials.inBatch(List.of(unknown), batch -> batch.find(unknown));
        assertThat(found).isEmpty();
        String hash = trials.find(id).orElseThrow().contentHash();
        Map<String, StoredTrial> completed = trials.findCompletedByHashes(List.of(hash, "0".repeat(64)));
        assertThat(completed).containsOnlyKeys(hash);
        assertThat(completed.get(hash).id()).isEqualTo(id);
    }

    @Test
    void aReusedTrialGetsACopyOfItsSourcesResultAndNamesIt() {
        TrialConfig config = SampleTrials.config("comcat", 0.375, 11);
        TrialId source = sweeps.create(SampleTrials.sweep("reuse-source", List.of(config), 3))
                .trialIds()
                .get(0);
        driver.complete(source, "worker-a", List.of(), SampleTrials.result(0.77, 4242));
        TrialId target = sweeps.create(SampleTrials.sweep("reuse-target", List.of(config), 3))
                .trialIds()
                .get(0);

        driver.apply(target, new LifecycleEvent.Reused(source));

        StoredTrial reused = trials.find(target).orElseThrow();
        assertThat(reused.state()).isEqualTo(TrialState.COMPLETED);
        assertThat(reused.attemptCount()).isZero();
        assertThat(reused.reason()).isEqualTo("reused result of trial " + source);
        assertThat(trials.result(target)).isEqualTo(trials.result(source));
        assertThat(trials.reusedFrom(target)).contains(source);
        assertThat(trials.reusedFrom(source)).isEmpty();
        assertThat(trials.findCompletedByHashes(List.of(SampleTrials.contentHash(config)))
                        .get(SampleTrials.contentHash(config))
                        .id())
                .isEqualTo(target);
    }

    @Test
    void reuseOfATrialWithoutAResultOrWithAnotherHashFailsTheBatch() {
        TrialConfig config = SampleTrials.config("comcat", 0.625, 12);
        StoredSweep sweep = sweeps.create(SampleTrials.sweep(
                        "reuse-guards", List.of(config, config, SampleTrials.config("comcat", 0.625, 13)), 3))
                .sweep();
        List<StoredTrial> stored = trials.listBySweep(sweep.id());
        driver.complete(stored.get(2).id(), "worker-a", List.of(), SampleTrials.result(0.5, 1));

        assertThatThrownBy(() -> driver.apply(
                        stored.get(0).id(),
                        new LifecycleEvent.Reused(stored.get(1).id())))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("no result");
        assertThatThrownBy(() -> driver.apply(
                        stored.get(0).id(),
                        new LifecycleEvent.Reused(stored.get(2).id())))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("content hash");
        assertThat(trials.find(stored.get(0).id()).orElseThrow().state()).isEqualTo(TrialState.PENDING);
    }

    @Test
    void aTrialPausedAtARungHasNoRunningAttemptAndKeepsItsSweepUnfinishedUntilPruned() {
        List<TrialId> ids = queuedTrials(1, 3);
        TrialId id = ids.get(0);
        StoredTrial trial = trials.find(id).orElseThrow();

        driver.apply(id, new LifecycleEvent.StartClaimed(1, "worker-a"), new LifecycleEvent.Paused(1, "rung 1"));

        assertThat(trials.find(id).orElseThrow().state()).isEqualTo(TrialState.PAUSED);
        assertThat(trials.attempts(id)).extracting(StoredAttempt::outcome).containsExactly(AttemptOutcome.SUCCEEDED);
        assertThat(sweeps.hasUnfinishedTrials(trial.sweepId())).isTrue();
        driver.apply(id, new LifecycleEvent.Pruned("below the rung's top half"));
        assertThat(trials.find(id).orElseThrow().state()).isEqualTo(TrialState.PRUNED);
        assertThat(sweeps.hasUnfinishedTrials(trial.sweepId())).isFalse();
    }

    @Test
    void theSchemaAllowsOneRunningAttemptPerTrialAndNoAttemptBeyondTheLimit() {
        TrialId id = queuedTrials(1, 1).get(0);
        driver.apply(id, new LifecycleEvent.StartClaimed(1, "worker-a"));

        assertThatThrownBy(() -> execute("INSERT INTO trial_attempts (trial_id, attempt_number, worker_id, outcome)"
                        + " VALUES (" + id.value() + ", 2, 'worker-b', 'RUNNING')"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("trial_attempts_one_running_idx");
        assertThatThrownBy(() -> execute("UPDATE trials SET attempt_count = 2 WHERE trial_id = " + id.value()))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("trials_attempts_within_limit_check");
    }

    @Test
    void aFollowingBatchTakesItsTrialsAsTheFirstLeftThemReadsTheOthersAndCommitsWithIt() {
        List<TrialId> ids = queuedTrials(3, 3);
        TrialId first = ids.get(0);
        List<StoredTrial> decided = new ArrayList<>();

        trials.inBatch(
                List.of(first),
                batch -> {
                    decide(batch, first, new LifecycleEvent.StartClaimed(1, "worker-a"));
                    assertThatThrownBy(() -> batch.followedBy(null, ids))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("written");
                    return null;
                },
                (connection, written) -> {
                    TrialBatch next = written.followedBy(connection, ids);
                    assertThat(next.snapshot(first).orElseThrow().runningAttempt())
                            .hasValue(1);
                    assertThat(next.find(ids.get(1)).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
                    for (TrialId id : ids.subList(1, 3)) {
                        decide(next, id, new LifecycleEvent.StartClaimed(1, "worker-b"));
                    }
                    decide(next, first, new LifecycleEvent.ResultReported(1, SampleTrials.result(0.7, 100)));
                    next.write(connection);
                    ids.forEach(id -> decided.add(next.find(id).orElseThrow()));
                });

        // What each batch decided is what is stored, times to the microsecond.
        for (StoredTrial trial : decided) {
            StoredTrial stored = trials.find(trial.id()).orElseThrow();
            assertThat(stored.state()).isEqualTo(trial.state());
            assertThat(stored.reason()).isEqualTo(trial.reason());
            assertThat(stored.startedAt()).isEqualTo(trial.startedAt());
            assertThat(stored.endedAt()).isEqualTo(trial.endedAt());
        }
        assertThat(decided)
                .extracting(StoredTrial::state)
                .containsExactly(TrialState.COMPLETED, TrialState.RUNNING, TrialState.RUNNING);
        assertThat(trials.result(first)).isPresent();
    }

    @Test
    void whatAFollowUpThrowsRollsBackTheBatchItFollows() {
        TrialId id = queuedTrials(1, 3).get(0);

        assertThatThrownBy(() -> trials.inBatch(
                        List.of(id),
                        batch -> decide(batch, id, new LifecycleEvent.StartClaimed(1, "worker-a")),
                        (connection, written) -> {
                            throw new SQLException("refused by the follow-up");
                        }))
                .hasMessageContaining("refused by the follow-up");

        assertThat(trials.find(id).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
        assertThat(trials.attempts(id)).isEmpty();
    }

    @Test
    void aStateChangeDoesNotParseTheTrialsConfigurationOnlyAskingForItDoes() throws SQLException {
        TrialId id = queuedTrials(1, 1).get(0);
        // Valid JSON that is no configuration: parsing it fails.
        execute("UPDATE trials SET config_json = '[]' WHERE trial_id = " + id.value());

        trials.inBatch(List.of(id), batch -> decide(batch, id, new LifecycleEvent.StartClaimed(1, "worker-a")));

        StoredTrial stored = trials.find(id).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.RUNNING);
        assertThat(stored.storedConfig()).hasToString("[]");
        assertThatThrownBy(stored::config).hasMessageContaining("TrialConfig");
    }

    private List<TrialId> queuedTrials(int count, int maxAttempts) {
        List<TrialConfig> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            configs.add(SampleTrials.config("comcat", 0.5, 5000 + System.nanoTime() % 100_000 + i));
        }
        List<TrialId> ids =
                sweeps.create(SampleTrials.sweep("batch", configs, maxAttempts)).trialIds();
        trials.inBatch(ids, batch -> {
            ids.forEach(id -> decide(batch, id, new LifecycleEvent.Enqueued()));
            return null;
        });
        return ids;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DATABASE.database().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
