package org.ranksweep.db.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.SampleTrials;

/**
 * Batched changes obey the rules of the single-trial repository methods, see each other's effects inside the batch,
 * and are written all together or not at all.
 */
class TrialBatchTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    private static final Instant LEASE = Instant.parse("2030-01-01T00:00:00Z");

    private final JdbcSweepRepository sweeps = new JdbcSweepRepository(DATABASE.database());
    private final JdbcTrialRepository trials = new JdbcTrialRepository(DATABASE.database());

    @Test
    void attemptStartedAndCompletedInOneBatchIsStoredOnceWithItsOutcomeAndDuration() {
        List<TrialId> ids = queuedTrials(3, 3);

        trials.inBatch(ids, batch -> {
            for (TrialId id : ids) {
                assertThat(batch.startAttempt(id, "worker-" + id.value(), LEASE)).isEqualTo(1);
            }
            for (TrialId id : ids) {
                assertThat(batch.find(id).orElseThrow().state()).isEqualTo(TrialState.RUNNING);
                assertThat(batch.recordResult(id, 1, SampleTrials.result(0.7, 100 + id.value())))
                        .isEqualTo(ResultOutcome.ACCEPTED);
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
            assertThat(attempts).extracting(StoredAttempt::attemptNumber, StoredAttempt::workerId,
                    StoredAttempt::outcome, StoredAttempt::leaseDeadline)
                    .containsExactly(tuple(1, "worker-" + id.value(), AttemptOutcome.SUCCEEDED, LEASE));
            assertThat(attempts.get(0).endedAt()).isAfter(attempts.get(0).startedAt());
            assertThat(trials.result(id).orElseThrow().params()).isEqualTo(100 + id.value());
        }
    }

    @Test
    void aSecondResultInTheSameBatchIsStaleAndTheFirstStays() {
        TrialId id = queuedTrials(1, 3).get(0);

        List<ResultOutcome> outcomes = trials.inBatch(List.of(id), batch -> {
            batch.startAttempt(id, "worker-a", LEASE);
            return List.of(batch.recordResult(id, 1, SampleTrials.result(0.6, 10)),
                    batch.recordResult(id, 1, SampleTrials.result(0.9, 20)));
        });

        assertThat(outcomes).containsExactly(ResultOutcome.ACCEPTED, ResultOutcome.STALE);
        assertThat(trials.result(id).orElseThrow().top1()).isEqualTo(0.6);
        assertThat(trials.staleResults(id)).extracting(stale -> stale.result().top1()).containsExactly(0.9);
    }

    @Test
    void aLostAttemptRequeuedInOneBatchLeavesItsLateResultStale() {
        TrialId id = queuedTrials(1, 3).get(0);
        trials.inBatch(List.of(id), batch -> batch.startAttempt(id, "worker-a", LEASE));

        trials.inBatch(List.of(id), batch -> {
            assertThat(batch.endAttempt(id, 1, AttemptOutcome.LOST, "lease expired")).isTrue();
            assertThat(batch.endAttempt(id, 1, AttemptOutcome.FAILED, "too late")).isFalse();
            assertThat(batch.transition(id, TrialState.RUNNING, TrialState.QUEUED, "lease expired")).isTrue();
            assertThat(batch.recordResult(id, 1, SampleTrials.result(0.5, 10))).isEqualTo(ResultOutcome.STALE);
            assertThat(batch.startAttempt(id, "worker-b", LEASE)).isEqualTo(2);
            return batch.recordResult(id, 2, SampleTrials.result(0.8, 30));
        });

        assertThat(trials.attempts(id)).extracting(StoredAttempt::attemptNumber, StoredAttempt::outcome,
                StoredAttempt::reason).containsExactly(tuple(1, AttemptOutcome.LOST, "lease expired"),
                tuple(2, AttemptOutcome.SUCCEEDED, null));
        assertThat(trials.result(id).orElseThrow().top1()).isEqualTo(0.8);
        assertThat(trials.staleResults(id)).hasSize(1);
        assertThat(trials.find(id).orElseThrow().state()).isEqualTo(TrialState.COMPLETED);
    }

    @Test
    void startingAnAttemptSupersedesARunningOneAndRefusesTerminalOrExhaustedTrials() {
        List<TrialId> ids = queuedTrials(2, 1);
        trials.inBatch(ids, batch -> batch.startAttempt(ids.get(0), "worker-a", LEASE));

        trials.inBatch(ids, batch -> {
            assertThatThrownBy(() -> batch.startAttempt(ids.get(0), "worker-b", LEASE))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("all 1 attempts");
            batch.transition(ids.get(1), TrialState.QUEUED, TrialState.CANCELLED, null);
            assertThatThrownBy(() -> batch.startAttempt(ids.get(1), "worker-b", LEASE))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("CANCELLED");
            return null;
        });

        assertThat(trials.find(ids.get(1)).orElseThrow().state()).isEqualTo(TrialState.CANCELLED);
        assertThat(trials.find(ids.get(1)).orElseThrow().reason()).isNull();
    }

    @Test
    void failingATrialEndsItsRunningAttemptAndKeepsMetricsInOrder() {
        TrialId id = queuedTrials(1, 3).get(0);

        trials.inBatch(List.of(id), batch -> {
            batch.startAttempt(id, "worker-a", LEASE);
            batch.recordMetrics(id, 1, List.of(new TrialMetric("finetune", 1, "heldout", "top1", 0.3)));
            batch.recordMetrics(id, 1, List.of(new TrialMetric("finetune", 2, "heldout", "top1", 0.4),
                    new TrialMetric("finetune", 2, "heldout", "loss", 1.5)));
            return batch.transition(id, TrialState.RUNNING, TrialState.FAILED, "dataset missing");
        });

        assertThat(trials.metrics(id)).extracting(metric -> metric.metric().epoch(), metric -> metric.metric().name())
                .containsExactly(tuple(1, "top1"), tuple(2, "top1"), tuple(2, "loss"));
        assertThat(trials.attempts(id)).extracting(StoredAttempt::outcome, StoredAttempt::reason)
                .containsExactly(tuple(AttemptOutcome.FAILED, "dataset missing"));
        StoredTrial stored = trials.find(id).orElseThrow();
        assertThat(stored.state()).isEqualTo(TrialState.FAILED);
        assertThat(stored.endedAt()).isNotNull();
    }

    @Test
    void aBatchThatThrowsWritesNothing() {
        List<TrialId> ids = queuedTrials(2, 3);

        assertThatThrownBy(() -> trials.inBatch(ids, batch -> {
            batch.startAttempt(ids.get(0), "worker-a", LEASE);
            batch.recordResult(ids.get(0), 1, SampleTrials.result(0.7, 10));
            throw new IllegalStateException("decided against it");
        })).hasMessageContaining("decided against it");

        assertThat(trials.find(ids.get(0)).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
        assertThat(trials.attempts(ids.get(0))).isEmpty();
        assertThat(trials.result(ids.get(0))).isEmpty();
    }

    @Test
    void unknownTrialsAreAbsentAndCompletedHashesAreFoundInOneQuery() {
        TrialId id = queuedTrials(1, 3).get(0);
        trials.inBatch(List.of(id), batch -> {
            batch.startAttempt(id, "worker-a", LEASE);
            return batch.recordResult(id, 1, SampleTrials.result(0.7, 10));
        });
        TrialId unknown = new TrialId(987_654);

        Optional<StoredTrial> found = trials.inBatch(List.of(unknown), batch -> batch.find(unknown));
        assertThat(found).isEmpty();
        String hash = trials.find(id).orElseThrow().contentHash();
        Map<String, StoredTrial> completed = trials.findCompletedByHashes(List.of(hash, "0".repeat(64)));
        assertThat(completed).containsOnlyKeys(hash);
        assertThat(completed.get(hash).id()).isEqualTo(id);
    }

    @Test
    void transitionAllMovesOnlyTheTrialsInTheExpectedState() {
        List<TrialId> ids = queuedTrials(3, 3);
        trials.inBatch(List.of(ids.get(1)), batch -> batch.startAttempt(ids.get(1), "worker-a", LEASE));

        List<TrialId> moved = trials.transitionAll(ids, TrialState.QUEUED, TrialState.PENDING);

        assertThat(moved).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(ids).extracting(id -> trials.find(id).orElseThrow().state())
                .containsExactly(TrialState.PENDING, TrialState.RUNNING, TrialState.PENDING);
        assertThatThrownBy(() -> trials.transitionAll(ids, TrialState.PENDING, TrialState.CANCELLED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CANCELLED");
    }

    private List<TrialId> queuedTrials(int count, int maxAttempts) {
        List<TrialConfig> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            configs.add(SampleTrials.config("comcat", 0.5, 5000 + System.nanoTime() % 100_000 + i));
        }
        StoredSweep sweep = sweeps.create(SampleTrials.sweep("batch", configs, maxAttempts));
        List<TrialId> ids = trials.listBySweep(sweep.id()).stream().map(StoredTrial::id).toList();
        assertThat(trials.transitionAll(ids, TrialState.PENDING, TrialState.QUEUED)).hasSize(count);
        return ids;
    }
}
