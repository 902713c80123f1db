package org.ranksweep.cli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;

/**
 * Keeps the batched dispatch path honest: a few hundred no-op trials through 1 orchestrator and 2 worker processes
 * (separate JVMs joined into one Hazelcast cluster, as {@code ranksweep orchestrator} and {@code ranksweep worker}
 * run) all end COMPLETED exactly once in PostgreSQL, each by one attempt, and each was executed once by a worker; and
 * the same under successive halving, the benchmark's asha mode, ends with every trial COMPLETED or PRUNED and a
 * history that agrees with the trials and replays.
 */
class NoopDispatchTest {

    private static final int BUDGETS = 20;
    private static final int SEEDS = 15;

    @Test
    void everyTrialRunThroughTwoWorkerProcessesIsCompletedExactlyOnce(@TempDir Path dir) {
        DatabaseConfig database = TestDatabases.createDatabase("noop-dispatch");
        long sweepId;
        NoopCluster.Settings settings =
                new NoopCluster.Settings(database, 2, 1, dir, 6301, "INFO", List.of(), List.of());
        try (NoopCluster cluster = NoopCluster.start(settings)) {
            sweepId = cluster.submit(NoopSweeps.grid("noop-dispatch", BUDGETS, SEEDS));
            assertThat(cluster.awaitFinished(sweepId, Duration.ofMinutes(2), Duration.ofMillis(200)))
                    .isEqualTo("COMPLETED");
        }

        int trials = BUDGETS * SEEDS;
        StoredSweepCheck stored = StoredSweepCheck.read(database, sweepId);
        assertThat(stored.trials()).isEqualTo(trials);
        assertThat(stored.completed()).isEqualTo(trials);
        assertThat(stored.results()).isEqualTo(trials);
        assertThat(stored.trialsWithOneResult()).isEqualTo(trials);
        assertThat(stored.resultsOfSucceeded()).isEqualTo(trials);
        assertThat(stored.attemptsByOutcome()).isEqualTo(Map.of("SUCCEEDED", (long) trials));
        assertThat(stored.trialsWithOneAttempt()).isEqualTo(trials);
        assertThat(stored.staleResults()).isZero();
        assertThat(stored.everyTrialCompletedOnce()).isTrue();

        WorkerTimings timings = WorkerTimings.read(dir.resolve("timings"));
        assertThat(timings.trials()).as("trials executed by the workers").isEqualTo(trials);
        assertThat(timings.slots())
                .hasSize(2)
                .allSatisfy(
                        slot -> assertThat(slot.startsMicros()).as(slot.name()).isNotEmpty());
    }

    @Test
    void everyTrialOfAnAshaSweepEndsCompletedOrPrunedWithItsHistoryStoredBeforeItMoved(@TempDir Path dir) {
        DatabaseConfig database = TestDatabases.createDatabase("noop-dispatch-asha");
        String spec = NoopSweeps.halving("noop-dispatch-asha", BUDGETS, 3, 0);
        long sweepId;
        NoopCluster.Settings settings =
                new NoopCluster.Settings(database, 2, 1, dir, 6311, "INFO", List.of(), List.of());
        try (NoopCluster cluster = NoopCluster.start(settings)) {
            sweepId = cluster.submit(spec);
            assertThat(cluster.awaitFinished(sweepId, Duration.ofMinutes(2), Duration.ofMillis(200)))
                    .isEqualTo("COMPLETED");
        }

        int trials = BUDGETS * 3;
        StoredHalvingCheck stored = StoredHalvingCheck.read(database, sweepId, spec);
        assertThat(stored.trials()).isEqualTo(trials);
        assertThat(stored.completed()).isPositive().isLessThan(trials);
        assertThat(stored.completed() + stored.pruned()).isEqualTo(trials);
        assertThat(stored.completedWithOneResult()).isEqualTo(stored.completed());
        assertThat(stored.resultsOfOthers()).isZero();
        assertThat(stored.attemptsByOutcome()).containsOnlyKeys("SUCCEEDED");
        assertThat(stored.historyByType())
                .containsEntry("Started", (long) trials)
                .containsEntry("Reported", stored.attempts())
                .containsEntry("Completed", stored.completed())
                .containsEntry("Pruned", stored.pruned())
                .containsEntry("Promoted", stored.attempts() - trials);
        assertThat(stored.historyGaps()).isZero();
        assertThat(stored.stateDisagreements()).isZero();
        assertThat(stored.movedBeforeRecorded()).isZero();
        assertThat(stored.replay()).isEqualTo("ok");
        assertThat(stored.everyTrialDecidedOnce()).isTrue();
        assertThat(WorkerTimings.read(dir.resolve("timings")).trials())
                .as("attempts executed by the workers")
                .isEqualTo(stored.attempts());
    }
}
