package org.ranksweep.orchestrator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.cluster.ClusterSettings;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.embedded.EmbeddedPostgresServer;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.orchestrator.Orchestrator;
import org.ranksweep.orchestrator.http.ApiAccess;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * Worker events that arrive while PostgreSQL is down are kept and applied, in order, once it is back. The outage
 * (5 s) outlasts the pool's connection timeout (2 s here, 10 s by default), so the scheduler's applying fails and is
 * retried, which {@code ranksweep_database_retries_total} on {@code GET /metrics} counts.
 */
class DatabaseOutageTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Pattern RETRIES = Pattern.compile("(?m)^ranksweep_database_retries_total ([0-9.eE+]+)$");

    private static final String SPEC = """
            name: outage
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic, heldOut: 16}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods: [{name: comcat, budget: [0.5]}]
            """;

    @Test
    void eventsSentDuringAnOutageLongerThanTheConnectionTimeoutAreRetriedAndAppliedWhenTheDatabaseReturns(
            @TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
        int port = server.port();
        Database database = Database.open(server.config().withConnectionTimeout(CONNECTION_TIMEOUT));
        HazelcastInstance hazelcast =
                HazelcastMembers.start(ClusterSettings.loopback("outage-" + UUID.randomUUID(), 5951));
        Vertx vertx = Vertx.vertx();
        Orchestrator orchestrator =
                Orchestrator.start(database, hazelcast, vertx, Duration.ofMinutes(5), SchedulerSettings.defaults());
        try {
            int apiPort = orchestrator
                    .serve("127.0.0.1", 0, ApiAccess.open(), RunningOrchestrator.LIMITS)
                    .await();
            assertThat(scrapeRetries(apiPort)).isZero();
            StoredSweep sweep = orchestrator
                    .scheduler()
                    .submit(new SpecParser().parse(SPEC, "outage.yaml"), SPEC, true)
                    .join();
            AssignTrial assignment = Json.read(
                    hazelcast.<String>getQueue(ClusterNames.trialQueue("cpu")).poll(5, TimeUnit.SECONDS),
                    AssignTrial.class);
            hazelcast
                    .getMap(ClusterNames.LEASE_MAP)
                    .set(
                            assignment.trialId().value(),
                            Json.write(new Lease(
                                    assignment.trialId().value(),
                                    assignment.attempt(),
                                    "w",
                                    "no-member",
                                    System.currentTimeMillis() + 300_000)));

            server.close();
            publish(hazelcast, new TrialStarted(assignment.trialId(), assignment.attempt(), "w"));
            publish(
                    hazelcast,
                    new MetricsRecorded(
                            assignment.trialId(),
                            assignment.attempt(),
                            List.of(new TrialMetric("finetune", 1, "heldout", "top1", 0.5))));
            publish(
                    hazelcast,
                    new TrialCompleted(
                            assignment.trialId(),
                            assignment.attempt(),
                            new TrialResult(0.5, 10, 20, 5, 1, 2, Map.of(), "/a", "00")));
            // Longer than the connection timeout: at least one apply of the events waits for a connection in vain.
            Thread.sleep(OUTAGE.toMillis());
            server = EmbeddedPostgresServer.start(data, port);

            JdbcTrialRepository trials = new JdbcTrialRepository(database);
            await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> trials.find(assignment.trialId()).orElseThrow().state() == TrialState.COMPLETED);
            assertThat(trials.metrics(assignment.trialId())).hasSize(1);
            assertThat(trials.result(assignment.trialId())).isPresent();
            // In order: the attempt was claimed, then succeeded; a completion applied out of order would be stale.
            assertThat(trials.attempts(assignment.trialId())).singleElement().satisfies(attempt -> {
                assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
                assertThat(attempt.workerId()).isEqualTo("w");
            });
            assertThat(orchestrator.scheduler().isFinished(sweep.id()).join()).isTrue();
            long retries = scrapeRetries(apiPort);
            // The first retry may be the connection broken by the shutdown; a second one means an apply waited the
            // whole connection timeout in vain, which the 5 s outage makes certain.
            assertThat(retries)
                    .isGreaterThanOrEqualTo(2)
                    .isEqualTo(orchestrator.scheduler().databaseRetries());
        } finally {
            orchestrator.close();
            vertx.close().await();
            hazelcast.shutdown();
            database.close();
            server.close();
        }
    }

    /** The retry counter as {@code GET /metrics} shows it. */
    private static long scrapeRetries(int apiPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher matcher = RETRIES.matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return (long) Double.parseDouble(matcher.group(1));
    }

    private static void publish(HazelcastInstance hazelcast, TrialEvent event) {
        hazelcast.getQueue(ClusterNames.EVENT_QUEUE).add(Json.write(event));
    }
}
