package org.ranksweep.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.Database;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.orchestrator.http.ApiAccess;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;
import org.ranksweep.orchestrator.testing.EventLines;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * The HTTP API against a real PostgreSQL and a real Hazelcast member. The test plays the worker's side of the
 * cluster protocol itself (take an assignment, hold a lease, report events), so no model is trained here.
 */
class OrchestratorApiTest {

    private static final String SPEC = """
            name: api-test
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic, heldOut: 64, trainLimit: 256, testLimit: 64}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 64}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5]}
            finetune: {epochs: 2}
            """;

    private static Database database;
    private static HazelcastInstance hazelcast;
    private static Vertx vertx;
    private static Orchestrator orchestrator;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        database = TestDatabases.openNewDatabase("orchestrator-api");
        hazelcast = HazelcastMembers.start(ClusterSettings.loopback("api-test-" + UUID.randomUUID(), 5901));
        vertx = Vertx.vertx();
        orchestrator =
                Orchestrator.start(database, hazelcast, vertx, Duration.ofSeconds(30), SchedulerSettings.defaults());
        int port = orchestrator
                .serve("127.0.0.1", 0, ApiAccess.open(), RunningOrchestrator.LIMITS)
                .await();
        base = URI.create("http://127.0.0.1:" + port + "/");
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
        vertx.close().await();
        hazelcast.shutdown();
        database.close();
    }

    @Test
    void submittedSweepRunsThroughTheWorkerProtocolAndStreamsProgressInOrder() throws Exception {
        JsonNode sweep = post("api/v1/sweeps?rerun=true", "application/yaml", SPEC, 201);
        long sweepId = sweep.get("id").asLong();
        assertThat(sweep.get("trialCount").asInt()).isEqualTo(2);

        EventLines events = EventLines.open(HTTP, base.resolve("api/v1/events?sweep=" + sweepId));
        List<String> stream = events.lines();
        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.contains(": connected"));

        IQueue<String> queue = hazelcast.getQueue(ClusterNames.trialQueue("cpu"));
        AssignTrial dense = Json.read(queue.poll(5, TimeUnit.SECONDS), AssignTrial.class);
        AssignTrial comcat = Json.read(queue.poll(5, TimeUnit.SECONDS), AssignTrial.class);
        assertThat(dense.config().method()).isEqualTo("dense");
        assertThat(comcat.config().method()).isEqualTo("comcat");
        assertThat(comcat.attempt()).isEqualTo(1);

        runAsWorker(dense, 0.80, 10.0);
        runAsWorker(comcat, 0.78, 8.0);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> get("api/v1/sweeps/" + sweepId, 200)
                        .get("state")
                        .asText()
                        .equals("COMPLETED"));

        // The stream is asynchronous: its lines may trail the database by a few milliseconds.
        await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(eventsOf(stream, comcat))
                        .containsSubsequence(
                                "TrialStateChanged:RUNNING",
                                "MetricsRecorded",
                                "MetricsRecorded",
                                "TrialStateChanged:COMPLETED"));
        events.close();

        JsonNode trial = get("api/v1/trials/" + comcat.trialId(), 200);
        assertThat(trial.get("metrics")).hasSize(2);
        assertThat(trial.get("result").get("top1").asDouble()).isEqualTo(0.78);
        JsonNode leaderboard = get("api/v1/leaderboard?sweep=" + sweepId + "&method=comcat", 200);
        assertThat(leaderboard).hasSize(1);
        assertThat(leaderboard.get(0).get("deltaTop1VsDense").asDouble())
                .isCloseTo(-0.02, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(leaderboard.get(0).get("speedupVsDense").asDouble())
                .isCloseTo(1.25, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aLateResultIsStaleAndAnIdenticalSweepReusesTheCompletedTrials() throws Exception {
        String spec = SPEC.replace("api-test", "stale-test").replace("budget: [0.5]", "budget: [0.25]");
        long sweepId = post("api/v1/sweeps?rerun=true", "application/yaml", spec, 201)
                .get("id")
                .asLong();
        IQueue<String> queue = hazelcast.getQueue(ClusterNames.trialQueue("cpu"));
        AssignTrial first = Json.read(queue.poll(5, TimeUnit.SECONDS), AssignTrial.class);
        AssignTrial second = Json.read(queue.poll(5, TimeUnit.SECONDS), AssignTrial.class);
        runAsWorker(first, 0.7, 5);
        runAsWorker(second, 0.6, 5);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> get("api/v1/sweeps/" + sweepId, 200)
                        .get("state")
                        .asText()
                        .equals("COMPLETED"));

        publish(new TrialCompleted(second.trialId(), second.attempt(), result(0.99, 1)));
        // Evidence that the late result was handled, not just that nothing happened yet: it is kept as stale.
        JdbcTrialRepository trials = new JdbcTrialRepository(database);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> trials.staleResults(second.trialId()).size() == 1);
        assertThat(trials.staleResults(second.trialId()).get(0).result().top1()).isEqualTo(0.99);
        assertThat(get("api/v1/trials/" + second.trialId(), 200)
                        .get("result")
                        .get("top1")
                        .asDouble())
                .isEqualTo(0.6);

        JsonNode again = post("api/v1/sweeps", "application/yaml", spec, 201);
        assertThat(again.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(queue.size()).isZero();
        for (JsonNode trial : get("api/v1/sweeps/" + again.get("id").asLong() + "/trials", 200)) {
            assertThat(trial.get("state").asText()).isEqualTo("COMPLETED");
        }
    }

    @Test
    void cancellingASweepCancelsItsQueuedTrialsAndEmptiesTheQueue() throws Exception {
        long sweepId = post(
                        "api/v1/sweeps?rerun=true",
                        "application/yaml",
                        SPEC.replace("api-test", "cancel-test").replace("budget: [0.5]", "budget: [0.3]"),
                        201)
                .get("id")
                .asLong();
        JsonNode cancelled = post("api/v1/sweeps/" + sweepId + "/cancel", "application/json", "", 200);
        assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
        for (JsonNode trial : get("api/v1/sweeps/" + sweepId + "/trials", 200)) {
            assertThat(trial.get("state").asText()).isEqualTo("CANCELLED");
        }
        assertThat(hazelcast.getQueue(ClusterNames.trialQueue("cpu")).size()).isZero();
    }

    @Test
    void malformedYamlIsABadRequestNamingTheLine() throws Exception {
        HttpResponse<String> response = send("api/v1/sweeps", "application/yaml", "name: [unclosed\nmodel: {", 400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("line");
    }

    @Test
    void unknownKeyIsABadRequestNamingTheKey() throws Exception {
        JsonNode problem = Json.mapper()
                .readTree(send("api/v1/sweeps", "application/yaml", SPEC + "bogus_key: 1\n", 400)
                        .body());
        assertThat(problem.get("problems").toString()).contains("bogus_key");
    }

    @Test
    void malformedParametersAreBadRequestsNamingTheParameter() throws Exception {
        Map<String, String> parameterOf = Map.of(
                "api/v1/sweeps/abc", "sweep id",
                "api/v1/sweeps/1/trials?sort=bogus", "sort",
                "api/v1/sweeps/1/trials?state=nearly", "state",
                "api/v1/sweeps/1/trials?limit=0", "limit",
                "api/v1/events?sweep=x1", "sweep");
        for (Map.Entry<String, String> request : parameterOf.entrySet()) {
            JsonNode problem = Json.mapper()
                    .readTree(send(request.getKey(), null, null, 400).body());
            assertThat(problem.get("problems").get(0).get("path").asText())
                    .as(request.getKey())
                    .isEqualTo(request.getValue());
        }
    }

    @Test
    void requestsFuzzingFoundAnsweringWith500AreServed() throws Exception {
        assertThat(get("api/v1/sweeps?limit=0", 200)).isEmpty();
        HttpResponse<String> formTypedGet = HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/v1/sweeps"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(formTypedGet.statusCode()).as(formTypedGet.body()).isEqualTo(200);
    }

    @Test
    void aNulCharacterInAnyStringIsABadRequestAndStoresNothing() throws Exception {
        int before = get("api/v1/sweeps", 200).size();
        Map<String, String> pathOf = Map.of(
                SPEC.replace("name: api-test", "name: \"api\\0test\""),
                "name",
                SPEC.replace(
                        "dataset: {name: synthetic,",
                        "dataset: {name: synthetic, path: \"/usr/share/datasets/a\\0b\","),
                "dataset.path",
                SPEC.replace("  - {name: dense}", "  - {name: dense, label: \"x\\0y\"}"),
                "methods[0].label");
        for (Map.Entry<String, String> body : pathOf.entrySet()) {
            JsonNode problem = post("api/v1/sweeps", "application/yaml", body.getKey(), 400);
            assertThat(problem.get("problems").get(0).get("path").asText()).isEqualTo(body.getValue());
        }
        assertThat(get("api/v1/sweeps", 200).size()).isEqualTo(before);
    }

    @Test
    void unknownIdsAreNotFoundProblems() throws Exception {
        JsonNode problem = Json.mapper()
                .readTree(send("api/v1/sweeps/999999", null, null, 404).body());
        assertThat(problem.get("detail").asText()).contains("sweep 999999");
        send("api/v1/trials/999999", null, null, 404);
        send("api/v1/nothing-here", null, null, 404);
    }

    @Test
    void oversizeBodyIsRejectedWith413AndStoresNothing() throws Exception {
        int before = get("api/v1/sweeps", 200).size();
        send("api/v1/sweeps", "application/yaml", SPEC + "#" + "x".repeat(2 << 20) + "\n", 413);
        assertThat(get("api/v1/sweeps", 200).size()).isEqualTo(before);
    }

    @Test
    void healthAndPrometheusMetricsAreServed() throws Exception {
        assertThat(get("health", 200).get("status").asText()).isEqualTo("UP");
        assertThat(send("metrics", null, null, 200).body()).contains("ranksweep_http_responses_total");
    }

    private static List<String> eventsOf(List<String> stream, AssignTrial assignment) {
        return stream.stream()
                .filter(line -> line.startsWith("data: "))
                .map(line -> Json.read(line.substring(6), Map.class))
                .filter(event -> event.get("trialId") instanceof Number id
                        && id.longValue() == assignment.trialId().value())
                .map(event -> event.get("type") + (event.get("state") == null ? "" : ":" + event.get("state")))
                .toList();
    }

    private void runAsWorker(AssignTrial assignment, double top1, double latency) {
        hazelcast
                .getMap(ClusterNames.LEASE_MAP)
                .set(
                        assignment.trialId().value(),
                        Json.write(new Lease(
                                assignment.trialId().value(),
                                assignment.attempt(),
                                "test-worker",
                                "no-member",
                                System.currentTimeMillis() + 30_000)));
        publish(new TrialStarted(assignment.trialId(), assignment.attempt(), "test-worker"));
        for (int epoch = 1; epoch <= 2; epoch++) {
            publish(new MetricsRecorded(
                    assignment.trialId(),
                    assignment.attempt(),
                    List.of(new TrialMetric("finetune", epoch, "heldout", "top1", top1 - 0.01 / epoch))));
        }
        publish(new TrialCompleted(assignment.trialId(), assignment.attempt(), result(top1, latency)));
    }

    private static TrialResult result(double top1, double latency) {
        return new TrialResult(top1, 1000, 5000, 400, latency / 10, latency, Map.of(), "/tmp/artifact", "00");
    }

    private void publish(TrialEvent event) {
        hazelcast.getQueue(ClusterNames.EVENT_QUEUE).add(Json.write(event));
    }

    private JsonNode get(String path, int status) throws Exception {
        return Json.mapper().readTree(send(path, null, null, status).body());
    }

    private JsonNode post(String path, String type, String body, int status) throws Exception {
        return Json.mapper().readTree(send(path, type, body, status).body());
    }

    private HttpResponse<String> send(String path, String type, String body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (body != null) {
            request.header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", path, response.body()).isEqualTo(status);
        return response;
    }
}
