package org.ranksweep.cli.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ranksweep.cli.NoopWorkerMain;
import org.ranksweep.core.json.Json;
import org.ranksweep.db.DatabaseConfig;

/**
 * One {@code ranksweep orchestrator} and N {@code ranksweep worker} processes with no-op slots ({@code NoopWorkerMain}) on loopback, joined
 * into one Hazelcast cluster, over a PostgreSQL the caller runs: the cluster of docs/operations.md on one
 * machine, with trials that do nothing. Workers write their trials' start and end times to
 * {@link #timingsDirectory()} when they stop. Not thread-safe.
 */
public final class NoopCluster implements AutoCloseable {

    /** "orchestrator ready: http://127.0.0.1:PORT/ cluster NAME at [127.0.0.1]:CLUSTER_PORT". */
    private static final Pattern ORCHESTRATOR_READY = Pattern.compile(
            "orchestrator ready: http://127\\.0\\.0\\.1:(\\d+)/ cluster \\S+ at \\[?([0-9.]+)\\]?:(\\d+)");

    private static final Pattern WORKER_READY = Pattern.compile("worker ready:");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MAX_TRIALS_PER_SWEEP = 1_000_000;

    /**
     * How to run it.
     *
     * @param database    where the orchestrator stores everything (it migrates the schema)
     * @param workers     worker processes
     * @param slots       worker loops per worker process
     * @param directory   output, logs, homes and timings of the processes
     * @param clusterPort first Hazelcast port to try; each process takes the next free one
     * @param logLevel    the processes' root log level ({@code RANKSWEEP_LOG_LEVEL})
     * @param jvmOptions  extra options for every process, e.g. to record a flight recording
     * @param workerArguments extra arguments of every {@code worker} command, e.g. {@code --drain-seconds 600}
     */
    public record Settings(
            DatabaseConfig database,
            int workers,
            int slots,
            Path directory,
            int clusterPort,
            String logLevel,
            List<String> jvmOptions,
            List<String> workerArguments) {

        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
            workerArguments = List.copyOf(workerArguments);
        }
    }

    private final Settings settings;
    private final RanksweepProcess orchestrator;
    private final List<RanksweepProcess> workers;
    private final URI api;

    private NoopCluster(Settings settings, RanksweepProcess orchestrator, List<RanksweepProcess> workers, URI api) {
        this.settings = settings;
        this.orchestrator = orchestrator;
        this.workers = workers;
        this.api = api;
    }

    /** Starts the orchestrator, waits until it serves, then starts the workers and waits until each has joined. */
    public static NoopCluster start(Settings settings) {
        String clusterName = "dispatch-" + UUID.randomUUID();
        Path dir = settings.directory();
        DatabaseConfig db = settings.database();
        Map<String, String> environment = Map.of("RANKSWEEP_LOG_LEVEL", settings.logLevel());
        List<String> orchestratorArguments = List.of(
                "orchestrator",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--cluster-name",
                clusterName,
                "--cluster-port",
                String.valueOf(settings.clusterPort()),
                "--members",
                "127.0.0.1:" + settings.clusterPort(),
                "--home",
                dir.resolve("orchestrator-home").toString(),
                "--baselines",
                dir.resolve("no-baselines").toString(),
                "--db-url",
                db.url(),
                "--db-user",
                db.user(),
                "--db-password",
                db.password() == null ? "" : db.password(),
                // The benchmark's sweeps are larger than the default limit per sweep (10,000 trials).
                "--max-trials-per-sweep",
                String.valueOf(MAX_TRIALS_PER_SWEEP));
        RanksweepProcess orchestrator = RanksweepProcess.start(
                "orchestrator", dir, options(settings, "-Xmx1g"), environment, orchestratorArguments);
        List<RanksweepProcess> workers = new ArrayList<>();
        try {
            Matcher ready = orchestrator.awaitLine(ORCHESTRATOR_READY, START_TIMEOUT);
            URI api = URI.create("http://127.0.0.1:" + ready.group(1) + "/");
            String member = ready.group(2) + ":" + ready.group(3);
            for (int index = 0; index < settings.workers(); index++) {
                List<String> workerArguments = new ArrayList<>(List.of(
                        timings(dir).toString(),
                        "worker",
                        "--slots",
                        String.valueOf(settings.slots()),
                        "--cluster-name",
                        clusterName,
                        "--members",
                        member,
                        "--cluster-port",
                        String.valueOf(settings.clusterPort() + 1 + index),
                        "--home",
                        dir.resolve("worker-home-" + index).toString()));
                workerArguments.addAll(settings.workerArguments());
                workers.add(RanksweepProcess.start(
                        "worker-" + index,
                        dir,
                        options(settings, "-Xmx512m"),
                        environment,
                        NoopWorkerMain.class.getName(),
                        workerArguments));
            }
            for (RanksweepProcess worker : workers) {
                worker.awaitLine(WORKER_READY, START_TIMEOUT);
            }
            return new NoopCluster(settings, orchestrator, workers, api);
        } catch (RuntimeException e) {
            workers.forEach(RanksweepProcess::close);
            orchestrator.close();
            throw e;
        }
    }

    private static List<String> options(Settings settings, String heap) {
        List<String> options = new ArrayList<>(settings.jvmOptions());
        options.add(heap);
        return options;
    }

    private static Path timings(Path directory) {
        return directory.resolve("timings");
    }

    public Path timingsDirectory() {
        return timings(settings.directory());
    }

    public URI api() {
        return api;
    }

    public long orchestratorPid() {
        return orchestrator.pid();
    }

    /** The worker process of index {@code index} (0-based, in start order). */
    public RanksweepProcess worker(int index) {
        return workers.get(index);
    }

    public List<Long> workerPids() {
        return workers.stream().map(RanksweepProcess::pid).toList();
    }

    /** Submits a sweep spec (YAML) through the HTTP API; returns the sweep's id. */
    public long submit(String specYaml) {
        JsonNode sweep = send(
                HttpRequest.newBuilder(api.resolve("api/v1/sweeps"))
                        .header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString(specYaml))
                        .build(),
                201);
        return sweep.get("id").asLong();
    }

    /**
     * Polls the sweep's state in PostgreSQL every {@code interval} until it is no longer RUNNING; returns that state.
     * It reads the table directly rather than through the API, so watching costs the orchestrator nothing.
     */
    public String awaitFinished(long sweepId, Duration timeout, Duration interval) {
        DatabaseConfig db = settings.database();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection =
                        DriverManager.getConnection(db.url(), db.user(), db.password() == null ? "" : db.password());
                PreparedStatement query = connection.prepareStatement("SELECT state FROM sweeps WHERE sweep_id = ?")) {
            query.setLong(1, sweepId);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = query.executeQuery()) {
                    String state = rows.next() ? rows.getString(1) : "MISSING";
                    if (!state.equals("RUNNING")) {
                        return state;
                    }
                }
                if (!orchestrator.isAlive()) {
                    throw new IllegalStateException("the orchestrator exited:\n" + orchestrator.tail());
                }
                Thread.sleep(interval.toMillis());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read sweep " + sweepId + " from " + db.url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        throw new IllegalStateException("sweep " + sweepId + " still RUNNING after " + timeout
                + "; orchestrator output:\n" + orchestrator.tail());
    }

    /** Stops the workers with SIGTERM (they finish their trial and write their timings), then the orchestrator. */
    @Override
    public void close() {
        for (RanksweepProcess worker : workers) {
            int exit = worker.stop(Duration.ofSeconds(60));
            if (exit != 0) {
                System.err.println("worker exited with " + exit + ":\n" + worker.tail());
            }
        }
        orchestrator.stop(Duration.ofSeconds(60));
    }

    private static JsonNode send(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
