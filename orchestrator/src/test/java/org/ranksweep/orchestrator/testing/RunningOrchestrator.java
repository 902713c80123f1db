package org.ranksweep.orchestrator.testing;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ranksweep.cluster.ClusterSettings;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.RungReached;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.Database;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.orchestrator.Orchestrator;
import org.ranksweep.orchestrator.baseline.BaselineLoader;
import org.ranksweep.orchestrator.http.ApiAccess;
import org.ranksweep.orchestrator.http.ApiLimits;
import org.ranksweep.orchestrator.http.PathRoots;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;

/**
 * A real orchestrator for tests: a fresh PostgreSQL database, a loopback Hazelcast member with a unique cluster
 * name, Vert.x, the published baselines of {@code experiments/baselines}, and the HTTP API on a free port. The test
 * plays the worker by pushing events on the cluster's event queue.
 */
public final class RunningOrchestrator implements AutoCloseable {

    /** The repository's baselines directory, seen from the orchestrator module. */
    public static final Path BASELINES = Path.of("..", "experiments", "baselines");
    /** The default limits, with Debian's dataset directory as the one data root. */
    public static final ApiLimits LIMITS = ApiLimits.defaults(PathRoots.of(List.of(PathRoots.DEBIAN_DATASETS)));

    private final Database database;
    private final HazelcastInstance hazelcast;
    private final Vertx vertx;
    private final ApiAccess access;
    private final ApiLimits limits;
    private Orchestrator orchestrator;
    private URI base;

    private RunningOrchestrator(
            Database database, HazelcastInstance hazelcast, Vertx vertx, ApiAccess access, ApiLimits limits) {
        this.database = database;
        this.hazelcast = hazelcast;
        this.vertx = vertx;
        this.access = access;
        this.limits = limits;
        startOrchestrator();
    }

    private void startOrchestrator() {
        orchestrator =
                Orchestrator.start(database, hazelcast, vertx, Duration.ofSeconds(30), SchedulerSettings.defaults());
        int port = orchestrator.serve("127.0.0.1", 0, access, limits).await();
        base = URI.create("http://127.0.0.1:" + port + "/");
    }

    /**
     * Stops the orchestrator and starts a new one on the same database and cluster member, as after a crash of
     * the orchestrator's process: what the cluster holds (queued trials, leases) stays.
     */
    public void restart() {
        orchestrator.close();
        startOrchestrator();
    }

    /** Opens a database, lets {@code seed} fill it, then starts the orchestrator and serves it without a token. */
    public static RunningOrchestrator start(String purpose, int hazelcastPort, Consumer<Database> seed) {
        return start(purpose, hazelcastPort, seed, ApiAccess.open());
    }

    /** As {@link #start(String, int, Consumer)}, with the API guarded by {@code access}. */
    public static RunningOrchestrator start(
            String purpose, int hazelcastPort, Consumer<Database> seed, ApiAccess access) {
        return start(purpose, hazelcastPort, seed, access, LIMITS);
    }

    /** As {@link #start(String, int, Consumer, ApiAccess)}, with the API's limits. */
    public static RunningOrchestrator start(
            String purpose, int hazelcastPort, Consumer<Database> seed, ApiAccess access, ApiLimits limits) {
        Database database = TestDatabases.openNewDatabase(purpose);
        BaselineLoader.load(BASELINES, new JdbcBaselineRepository(database));
        seed.accept(database);
        HazelcastInstance hazelcast =
                HazelcastMembers.start(ClusterSettings.loopback(purpose + "-" + UUID.randomUUID(), hazelcastPort));
        return new RunningOrchestrator(database, hazelcast, Vertx.vertx(), access, limits);
    }

    public URI base() {
        return base;
    }

    public Database database() {
        return database;
    }

    public Orchestrator orchestrator() {
        return orchestrator;
    }

    /** Plays a worker starting the trial's next attempt: a live lease, then {@link TrialStarted}. */
    public void startAttempt(TrialId trialId, int attempt) {
        hazelcast
                .getMap(ClusterNames.LEASE_MAP)
                .set(
                        trialId.value(),
                        Json.write(new Lease(
                                trialId.value(),
                                attempt,
                                "browser-test-worker",
                                "no-member",
                                System.currentTimeMillis() + 60_000)));
        publish(new TrialStarted(trialId, attempt, "browser-test-worker"));
    }

    public void recordMetric(TrialId trialId, int attempt, int epoch, double top1) {
        publish(new MetricsRecorded(
                trialId, attempt, List.of(new TrialMetric("finetune", epoch, "heldout", "top1", top1))));
    }

    public void complete(TrialId trialId, int attempt, double top1, long params, long macs) {
        publish(new TrialCompleted(
                trialId,
                attempt,
                new TrialResult(
                        top1,
                        params,
                        macs,
                        params / 3,
                        0.5,
                        5.0,
                        Map.of(),
                        "/tmp/artifact-" + trialId,
                        "cd".repeat(32))));
    }

    /** Plays a worker taking the next CPU assignment; empty when none comes within {@code timeout}. */
    public Optional<AssignTrial> takeAssignment(Duration timeout) {
        try {
            String item = hazelcast
                    .<String>getQueue(ClusterNames.trialQueue("cpu"))
                    .poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.ofNullable(item).map(json -> Json.read(json, AssignTrial.class));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Plays a worker whose attempt finished the fine-tuning epoch of its rung. */
    public void reachRung(TrialId trialId, int attempt, int epoch, Map<String, Double> metrics) {
        publish(new RungReached(trialId, attempt, epoch, metrics));
    }

    private void publish(TrialEvent event) {
        hazelcast.getQueue(ClusterNames.EVENT_QUEUE).add(Json.write(event));
    }

    @Override
    public void close() {
        orchestrator.close();
        vertx.close().await();
        hazelcast.shutdown();
        database.close();
    }
}
