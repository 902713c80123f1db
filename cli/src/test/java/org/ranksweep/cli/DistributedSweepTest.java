package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real processes: one {@code ranksweep orchestrator} and three {@code ranksweep worker} JVMs started by the test on
 * loopback (distinct Hazelcast ports, one PostgreSQL database, one artifact directory) run a 13-trial sweep of a tiny
 * ViT on synthetic images while the test kills processes with SIGKILL (a worker holding a trial; the orchestrator,
 * restarted on the same database with or without the workers in its member list) and stops one with SIGTERM (its
 * drain shorter than its trial, so it hands the trial back; or long enough for the trial to finish).
 * PostgreSQL must then show every trial COMPLETED with exactly one result and one succeeded attempt, and the sweep
 * COMPLETED.
 */
class DistributedSweepTest {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedSweepTest.class);

    private static final String SPEC = """
            name: distributed
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic, heldOut: 64, trainLimit: 256, testLimit: 128}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 64}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.75, 0.5, 0.25, 0.125]}
              - {name: svd-matrix, budget: [0.75, 0.5, 0.25, 0.125]}
              - {name: head-prune, budget: [0.75, 0.5, 0.25, 0.125]}
            finetune: {epochs: 2, batch: 32}   # a trial lasts well over the 1 s hand-back drain
            """;
    private static final int TRIALS = 13;
    private static final int WORKERS = 3;
    private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern READY = Pattern.compile("orchestrator ready: (http://[^/\\s]+/)");

    @TempDir
    Path directory;

    private DatabaseConfig database;
    private String clusterName;
    private int orchestratorPort;
    private List<Integer> workerPorts;
    /** Whether the orchestrator's member list names the workers too (it then rejoins them at once on a restart). */
    private boolean orchestratorListsWorkers = true;
    /** The workers' {@code --drain-seconds}. */
    private int workerDrainSeconds = 60;

    private final List<ChildProcess> processes = new ArrayList<>();

    @BeforeEach
    void prepare() {
        database = TestDatabases.createDatabase("distributed");
        clusterName = "distributed-" + UUID.randomUUID();
        orchestratorPort = ChildProcess.freePort();
        workerPorts = List.of(ChildProcess.freePort(), ChildProcess.freePort(), ChildProcess.freePort());
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (ChildProcess process : processes) {
            process.close();
        }
    }

    /**
     * Chaos in one sweep: SIGKILL on a worker holding a trial, SIGTERM with a 1 s drain on another (shorter than its
     * trial, so it hands the trial back and exits 0), then SIGKILL on the orchestrator and a restart on the same
     * database. Every trial still completes exactly once.
     */
    @Test
    void aKilledWorkerAHandedBackTrialAndARestartedOrchestratorStillCompleteEveryTrialOnce() throws Exception {
        workerDrainSeconds = 1;
        String server = startOrchestrator("orchestrator");
        ChildProcess orchestrator = processes.get(0);
        List<ChildProcess> workers = startWorkers();
        long sweepId = submit(server);

        awaitCompleted(sweepId, 2);
        assertWorkersRegistered(workers);
        Attempt victim = awaitRunningAttemptOf(workers);
        ChildProcess killed = workerRunning(victim, workers);
        killed.kill();
        await(
                "attempt " + victim + " of the killed worker to be LOST",
                () -> attemptOutcome(victim).equals("LOST"));

        // An attempt that starts now is in its first seconds when the 1 s drain ends (trials last 30 s and more), so
        // it is stopped in training, not in the uncancellable evaluation at its end.
        Set<Attempt> runningBefore = new HashSet<>(runningAttempts());
        Attempt handedBack = awaitRunningAttemptOf(workers, runningBefore);
        ChildProcess terminated = workerRunning(handedBack, workers);
        long terminatedAt = System.nanoTime();
        int exit = terminated.terminate(Duration.ofSeconds(60));
        long stopSeconds = (System.nanoTime() - terminatedAt) / 1_000_000_000;
        assertThat(exit)
                .as("exit code of %s after SIGTERM\n%s", terminated, terminated.tail())
                .isZero();
        assertThat(stopSeconds)
                .as("seconds %s took to stop after SIGTERM", terminated)
                .isLessThan(30);
        // The hand-back reaches PostgreSQL before the orchestrator dies (events it holds unwritten die with it).
        await(
                "the end of " + handedBack + " to be stored",
                () -> !attemptOutcome(handedBack).equals("RUNNING"));
        assertThat(attemptOutcome(handedBack) + ": " + attemptReason(handedBack))
                .as(logs())
                .startsWith("FAILED: handed back: worker " + handedBack.workerId());

        awaitRunningAttemptOf(workers);
        orchestrator.kill();
        assertThat(completedTrials(sweepId))
                .as("trials completed before the orchestrator was killed")
                .isLessThan(TRIALS);
        ChildProcess restarted = startOrchestratorProcess("orchestrator-restarted");
        restarted.awaitOutput(READY, Duration.ofMinutes(2));
        awaitSweepDone(sweepId);

        assertEveryTrialCompletedOnce(sweepId);
        assertThat(restarted.output()).contains("reconciled with the cluster");
        for (Attempt ended : List.of(victim, handedBack)) {
            assertThat(single(
                            "select count(*) from trial_attempts where trial_id = ? and outcome = 'SUCCEEDED'"
                                    + " and worker_id <> ?",
                            List.of(ended.trialId(), ended.workerId())))
                    .as("succeeded attempts of trial %d on another worker than %s", ended.trialId(), ended)
                    .isEqualTo(1);
        }
        assertThat(attemptOutcome(victim)).isEqualTo("LOST");
        assertThat(attemptOutcome(handedBack)).isEqualTo("FAILED");
    }

    /**
     * SIGTERM with the default 60 s drain lets the running trial finish; then the orchestrator is killed and
     * restarted with only itself in {@code --members}, and the workers' cluster merges into it.
     */
    @Test
    void aDrainedWorkerFinishesItsTrialAndARestartedOrchestratorThatListsOnlyItselfIsFound() throws Exception {
        orchestratorListsWorkers = false;
        String server = startOrchestrator("orchestrator");
        ChildProcess orchestrator = processes.get(0);
        List<ChildProcess> workers = startWorkers();
        long sweepId = submit(server);

        awaitCompleted(sweepId, 2);
        Attempt drained = awaitRunningAttemptOf(workers);
        ChildProcess terminated = workerRunning(drained, workers);
        int exit = terminated.terminate(Duration.ofSeconds(90));
        assertThat(exit).as("exit code of %s after SIGTERM", terminated).isZero();
        assertThat(attemptOutcome(drained))
                .as("attempt %s of the terminated %s", drained, terminated)
                .isEqualTo("SUCCEEDED");

        awaitRunningAttemptOf(workers);
        orchestrator.kill();
        assertThat(completedTrials(sweepId))
                .as("trials completed before the orchestrator was killed")
                .isLessThan(TRIALS);
        ChildProcess restarted = startOrchestratorProcess("orchestrator-restarted");
        restarted.awaitOutput(READY, Duration.ofMinutes(2));
        awaitSweepDone(sweepId);

        assertEveryTrialCompletedOnce(sweepId);
        assertThat(restarted.output()).contains("reconciled with the cluster");
        assertThat(workers.stream().filter(worker -> worker != terminated)).allMatch(ChildProcess::isAlive);
    }

    private String startOrchestrator(String name) throws InterruptedException {
        ChildProcess orchestrator = startOrchestratorProcess(name);
        return orchestrator.awaitOutput(READY, Duration.ofMinutes(1)).group(1);
    }

    private ChildProcess startOrchestratorProcess(String name) {
        String members = "127.0.0.1:" + orchestratorPort
                + (!orchestratorListsWorkers
                        ? ""
                        : workerPorts.stream().map(port -> ",127.0.0.1:" + port).collect(Collectors.joining()));
        List<String> arguments = new ArrayList<>(List.of(
                "orchestrator",
                "--port",
                "0",
                "--cluster-name",
                clusterName,
                "--cluster-port",
                String.valueOf(orchestratorPort),
                "--members",
                members,
                "--lease-seconds",
                "10",
                "--home",
                directory.resolve("home").toString(),
                "--baselines",
                directory.resolve("no-baselines").toString(),
                "--db-url",
                database.url(),
                "--db-user",
                database.user(),
                "--db-password",
                database.password() == null ? "" : database.password()));
        ChildProcess process = ChildProcess.start(name, directory.resolve("logs"), arguments, Map.of());
        processes.add(process);
        return process;
    }

    private List<ChildProcess> startWorkers() throws InterruptedException {
        List<ChildProcess> workers = new ArrayList<>();
        for (int index = 0; index < WORKERS; index++) {
            ChildProcess worker = ChildProcess.start(
                    "worker-" + index,
                    directory.resolve("logs"),
                    List.of(
                            "worker",
                            "--cluster-name",
                            clusterName,
                            "--cluster-port",
                            String.valueOf(workerPorts.get(index)),
                            "--members",
                            "127.0.0.1:" + orchestratorPort,
                            "--threads",
                            "1",
                            "--lease-seconds",
                            "10",
                            "--drain-seconds",
                            String.valueOf(workerDrainSeconds),
                            "--home",
                            directory.resolve("home").toString()),
                    Map.of());
            processes.add(worker);
            workers.add(worker);
        }
        for (ChildProcess worker : workers) {
            worker.awaitOutput(Pattern.compile("worker ready"), Duration.ofMinutes(1));
        }
        return workers;
    }

    private long submit(String server) throws SQLException {
        new ApiClient(server, null).post("api/v1/sweeps", "application/yaml", SPEC);
        return single("select sweep_id from sweeps", List.of());
    }

    private void awaitCompleted(long sweepId, int trials) throws Exception {
        await("at least " + trials + " completed trials", () -> completedTrials(sweepId) >= trials);
    }

    /** A RUNNING attempt on one of the workers, preferring the one started last (least likely to end right now). */
    private Attempt awaitRunningAttemptOf(List<ChildProcess> workers) throws Exception {
        return awaitRunningAttemptOf(workers, Set.of());
    }

    /** As {@link #awaitRunningAttemptOf(List)}, but none of {@code excluded}: one that started since they were seen. */
    private Attempt awaitRunningAttemptOf(List<ChildProcess> workers, Set<Attempt> excluded) throws Exception {
        Attempt[] found = new Attempt[1];
        await("an attempt running on a worker", () -> {
            found[0] = runningAttempts().stream()
                    .filter(a -> !excluded.contains(a))
                    .filter(a -> workerRunningOrNull(a, workers) != null)
                    .reduce((first, second) -> second)
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static ChildProcess workerRunning(Attempt attempt, List<ChildProcess> workers) {
        return Optional.ofNullable(workerRunningOrNull(attempt, workers)).orElseThrow();
    }

    private static ChildProcess workerRunningOrNull(Attempt attempt, List<ChildProcess> workers) {
        // Worker ids are <host>-<pid>-<slot>.
        return workers.stream()
                .filter(ChildProcess::isAlive)
                .filter(worker -> attempt.workerId().endsWith("-" + worker.pid() + "-0"))
                .findFirst()
                .orElse(null);
    }

    private void awaitSweepDone(long sweepId) throws Exception {
        long started = System.nanoTime();
        try {
            await("the sweep to end", SWEEP_TIMEOUT, () -> !sweepState(sweepId).equals("RUNNING"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logs(), e);
        }
        assertThat(sweepState(sweepId)).as(logs()).isEqualTo("COMPLETED");
        LOG.info(
                "sweep {} ended {} s after the last kill; attempts by outcome: {}",
                sweepId,
                (System.nanoTime() - started) / 1_000_000_000,
                attemptOutcomes(sweepId));
    }

    private String attemptOutcomes(long sweepId) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "select a.outcome, count(*) from trial_attempts a join trials t using (trial_id)"
                                + " where t.sweep_id = ? group by a.outcome order by a.outcome")) {
            query.setLong(1, sweepId);
            StringBuilder text = new StringBuilder();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    text.append(rows.getString(1))
                            .append('=')
                            .append(rows.getLong(2))
                            .append(' ');
                }
            }
            return text.toString().trim();
        }
    }

    private void assertEveryTrialCompletedOnce(long sweepId) throws SQLException {
        assertThat(count("select count(*) from trials where sweep_id = ?", sweepId))
                .isEqualTo(TRIALS);
        assertThat(count("select count(*) from trials where sweep_id = ? and state = 'COMPLETED'", sweepId))
                .as(logs())
                .isEqualTo(TRIALS);
        assertThat(count("select count(*) from results r join trials t using (trial_id) where t.sweep_id = ?", sweepId))
                .isEqualTo(TRIALS);
        assertThat(count(
                        "select count(*) from trials t where t.sweep_id = ? and (select count(*) from trial_attempts a"
                                + " where a.trial_id = t.trial_id and a.outcome = 'SUCCEEDED') <> 1",
                        sweepId))
                .as("trials without exactly one succeeded attempt")
                .isZero();
        assertThat(count(
                        "select count(*) from trial_attempts a join trials t using (trial_id)"
                                + " where t.sweep_id = ? and a.outcome = 'RUNNING'",
                        sweepId))
                .isZero();
        // Each result belongs to the attempt that succeeded.
        assertThat(count(
                        "select count(*) from results r join trial_attempts a on a.trial_id = r.trial_id"
                                + " and a.attempt_number = r.attempt_number join trials t on t.trial_id = r.trial_id"
                                + " where t.sweep_id = ? and a.outcome = 'SUCCEEDED'",
                        sweepId))
                .isEqualTo(TRIALS);
    }

    private void assertWorkersRegistered(List<ChildProcess> workers) throws SQLException {
        for (ChildProcess worker : workers) {
            long rows = count(
                    "select count(*) from workers where worker_id like ? and device = 'cpu'"
                            + " and device_count = 0 and slots = 1 and memory_bytes > 0 and engine like 'PyTorch %'"
                            + " and last_heartbeat_at > started_at",
                    "%-" + worker.pid());
            assertThat(rows).as("workers row of %s", worker).isEqualTo(1);
        }
    }

    private String logs() {
        StringBuilder text = new StringBuilder();
        for (ChildProcess process : processes) {
            text.append("---- ")
                    .append(process)
                    .append(" ----\n")
                    .append(process.tail())
                    .append('\n');
        }
        return text.toString();
    }

    // ---- PostgreSQL ----

    /** A RUNNING attempt: trial, attempt number, worker. */
    record Attempt(long trialId, int attempt, String workerId) {}

    private List<Attempt> runningAttempts() throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "select trial_id, attempt_number, worker_id from trial_attempts where outcome = 'RUNNING'"
                                + " order by started_at")) {
            List<Attempt> attempts = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    attempts.add(new Attempt(rows.getLong(1), rows.getInt(2), rows.getString(3)));
                }
            }
            return attempts;
        }
    }

    private String attemptOutcome(Attempt attempt) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "select outcome from trial_attempts where trial_id = ? and attempt_number = ?")) {
            query.setLong(1, attempt.trialId());
            query.setInt(2, attempt.attempt());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "missing";
            }
        }
    }

    private String attemptReason(Attempt attempt) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(
                        "select reason from trial_attempts where trial_id = ? and attempt_number = ?")) {
            query.setLong(1, attempt.trialId());
            query.setInt(2, attempt.attempt());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : "missing";
            }
        }
    }

    private int completedTrials(long sweepId) throws SQLException {
        return (int) count("select count(*) from trials where sweep_id = ? and state = 'COMPLETED'", sweepId);
    }

    private String sweepState(long sweepId) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement("select state from sweeps where sweep_id = ?")) {
            query.setLong(1, sweepId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private long count(String sql, Object parameter) throws SQLException {
        return single(sql, List.of(parameter));
    }

    private long single(String sql, List<Object> parameters) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.size(); index++) {
                query.setObject(index + 1, parameters.get(index));
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                database.url(), database.user(), database.password() == null ? "" : database.password());
    }

    // ---- waiting ----

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private void await(String what, Condition condition) throws Exception {
        await(what, Duration.ofMinutes(2), condition);
    }

    private void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
}
