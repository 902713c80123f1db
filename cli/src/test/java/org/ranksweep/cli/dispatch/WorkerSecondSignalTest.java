package org.ranksweep.cli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.cli.NoopWorkerMain;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;

/**
 * Ctrl-C twice: a worker process draining after a first SIGTERM, with a drain (10 minutes) as long as its trial,
 * hands the trial back and exits 0 within seconds of a second SIGTERM; the attempt ends FAILED as handed back and the
 * trial is queued again. Without the second signal the worker would run for the whole drain.
 */
class WorkerSecondSignalTest {

    private static final Duration LONG = Duration.ofMinutes(10);

    @Test
    void aSecondSigtermEndsTheDrainAndHandsTheRunningTrialBackAtOnce(@TempDir Path dir) throws Exception {
        DatabaseConfig database = TestDatabases.createDatabase("second-signal");
        NoopCluster.Settings settings = new NoopCluster.Settings(
                database,
                1,
                1,
                dir,
                6321,
                "INFO",
                List.of("-D" + NoopWorkerMain.TRIAL_MILLIS + "=" + LONG.toMillis()),
                List.of("--drain-seconds", String.valueOf(LONG.toSeconds())));
        try (NoopCluster cluster = NoopCluster.start(settings)) {
            long sweepId = cluster.submit(NoopSweeps.grid("second-signal", 1, 1));
            Awaitility.await()
                    .atMost(60, TimeUnit.SECONDS)
                    .until(() -> attempt(database, sweepId).equals("RUNNING "));
            RanksweepProcess worker = cluster.worker(0);

            worker.terminate();
            worker.awaitLine(Pattern.compile("stopping: no new trials"), Duration.ofSeconds(30));
            assertThat(worker.isAlive()).as("draining after the first SIGTERM").isTrue();
            assertThat(attempt(database, sweepId))
                    .as("the attempt while draining")
                    .isEqualTo("RUNNING ");

            long secondAt = System.nanoTime();
            worker.terminate();
            int exit = worker.awaitExit(Duration.ofSeconds(60));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - secondAt);
            assertThat(exit)
                    .as("exit code after the second SIGTERM\n%s", worker.tail())
                    .isZero();
            assertThat(seconds)
                    .as("seconds from the second SIGTERM to the exit")
                    .isLessThan(60);
            Awaitility.await()
                    .atMost(30, TimeUnit.SECONDS)
                    .until(() -> !attempt(database, sweepId).startsWith("RUNNING"));
            assertThat(attempt(database, sweepId)).startsWith("FAILED handed back: worker ");
            assertThat(trialState(database, sweepId))
                    .as("the trial after the hand-back")
                    .isEqualTo("QUEUED");
        }
    }

    /** The outcome and reason of the sweep's latest attempt ("OUTCOME reason"), or "none". */
    private static String attempt(DatabaseConfig database, long sweepId) throws SQLException {
        return single(
                database,
                "select a.outcome || ' ' || coalesce(a.reason, '') from trial_attempts a join trials t using (trial_id)"
                        + " where t.sweep_id = ? order by a.attempt_number desc limit 1",
                sweepId);
    }

    private static String trialState(DatabaseConfig database, long sweepId) throws SQLException {
        return single(database, "select state from trials where sweep_id = ?", sweepId);
    }

    private static String single(DatabaseConfig database, String sql, long sweepId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        database.url(), database.user(), database.password() == null ? "" : database.password());
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, sweepId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "none";
            }
        }
    }
}
