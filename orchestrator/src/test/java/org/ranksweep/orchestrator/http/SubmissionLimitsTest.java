package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * The server's rules for specs submitted over HTTP, against a real orchestrator: files only under the data roots
 * (lexically, {@code ..} cannot climb out), at most so many trials per sweep, the body limit, sweeps in flight
 * and event streams per client. Every refusal is problem+json naming the field or limit, and stores no sweep.
 */
class SubmissionLimitsTest {

    private static final Path ROOT = Path.of("/srv/ranksweep-test-data");
    private static final int MAX_TRIALS = 6;
    private static final int MAX_STREAMS = 2;
    private static final int IN_FLIGHT = 3;
    private static final ContractSchemas CONTRACT = ContractSchemas.load();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static RunningOrchestrator running;
    private static JdbcSweepRepository sweeps;

    @BeforeAll
    static void start() {
        ApiLimits limits = new ApiLimits(
                PathRoots.of(List.of(ROOT, PathRoots.DEBIAN_DATASETS)), MAX_TRIALS, MAX_STREAMS, IN_FLIGHT);
        running = RunningOrchestrator.start("submission-limits", 5981, database -> {}, ApiAccess.open(), limits);
        sweeps = new JdbcSweepRepository(running.database());
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void aDatasetPathOutsideEveryRootIsRefusedNamingTheFieldAndTheRoots() throws Exception {
        int before = sweeps.list(1000, 0).size();
        HttpResponse<String> response = submit(spec("dataset: {name: imagefolder, path: /etc, heldOut: 16}", ""));
        JsonNode problem = problemOf(response, 400, "dataset.path");
        assertThat(CONTRACT.validateBody("POST", "/api/v1/sweeps", 400, "application/problem+json", response.body()))
                .isEmpty();
        String message = problem.get("message").asText();
        assertThat(message).contains(ROOT.toString(), "/usr/share/datasets", "'/etc'");
        // Nothing about what is (or is not) there.
        assertThat(message).doesNotContain("exist", "directory", "not found", "missing");
        assertThat(sweeps.list(1000, 0)).hasSize(before);
    }

    @Test
    void aBaseFileThatClimbsOutOfARootWithDotDotIsRefused() throws Exception {
        int before = sweeps.list(1000, 0).size();
        HttpResponse<String> response = submit(spec(synthetic(), "{file: " + ROOT + "/models/../../../etc/passwd}"));
        problemOf(response, 400, "model.base.file");
        assertThat(sweeps.list(1000, 0)).hasSize(before);
    }

    @Test
    void aRelativePathIsRefusedEvenWhenItWouldResolveUnderARoot() throws Exception {
        int before = sweeps.list(1000, 0).size();
        problemOf(submit(spec(synthetic(), "{file: srv/ranksweep-test-data/base.params}")), 400, "model.base.file");
        assertThat(sweeps.list(1000, 0)).hasSize(before);
    }

    @Test
    void pathsUnderARootAreAccepted() throws Exception {
        String dataset = "dataset: {name: fashion-mnist, path: /usr/share/datasets/fashion-mnist, heldOut: 16}";
        HttpResponse<String> response = submit(spec(dataset, "{file: " + ROOT + "/models/./base.params}"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        cancel(Json.mapper().readTree(response.body()).get("id").asLong());
    }

    @Test
    void submissionsBeyondTheSweepsInFlightAreRefusedUntilOneIsCancelled() throws Exception {
        String ok = spec(synthetic(), "");
        List<Long> mine = new ArrayList<>();
        try {
            while (sweeps.countUnfinished() < IN_FLIGHT) {
                mine.add(idOf(submit(ok)));
            }
            int before = sweeps.list(1000, 0).size();
            HttpResponse<String> refused = submit(ok);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(CONTRACT.validateBody("POST", "/api/v1/sweeps", 429, "application/problem+json", refused.body()))
                    .isEmpty();
            assertThat(Json.mapper().readTree(refused.body()).get("detail").asText())
                    .contains("limit in flight is " + IN_FLIGHT, "--max-sweeps-in-flight");
            assertThat(sweeps.list(1000, 0)).hasSize(before);

            cancel(mine.remove(0));
            mine.add(idOf(submit(ok)));
        } finally {
            for (long sweepId : mine) {
                cancel(sweepId);
            }
        }
    }

    @Test
    void eventStreamsBeyondTheLimitPerAddressAreRefusedAndClosingOneFreesItsSlot() throws Exception {
        List<InputStream> open = new ArrayList<>();
        try {
            for (int stream = 0; stream < MAX_STREAMS; stream++) {
                HttpResponse<InputStream> response = events();
                assertThat(response.statusCode()).isEqualTo(200);
                open.add(response.body());
                // Read the greeting, so the server has counted this stream before the next one asks.
                assertThat(new String(response.body().readNBytes(": connected".length()), StandardCharsets.UTF_8))
                        .isEqualTo(": connected");
            }
            HttpResponse<InputStream> refused = events();
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            try (InputStream body = refused.body()) {
                String problem = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(problem).contains("the limit per client", "--max-event-streams");
                assertThat(CONTRACT.validateBody("GET", "/api/v1/events", 429, "application/problem+json", problem))
                        .isEmpty();
            }

            open.remove(0).close();
            // The server frees the slot when it sees the connection close: await a stream being accepted again.
            await().atMost(10, TimeUnit.SECONDS).until(() -> {
                HttpResponse<InputStream> again = events();
                if (again.statusCode() == 200) {
                    open.add(again.body());
                    return true;
                }
                again.body().close();
                return false;
            });
        } finally {
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    @Test
    void aSweepOfMoreTrialsThanTheLimitIsRefusedWithTheCountAndTheLimit() throws Exception {
        int before = sweeps.list(1000, 0).size();
        // 1 dense + 3 budgets = 4 configurations (plus the dense control) times 2 seeds > 6.
        String text = spec(synthetic(), "{train: {epochs: 1, lr: 1.0e-3, batch: 16}}")
                        .replace(
                                "methods: [{name: dense}]",
                                "methods: [{name: dense}, {name: comcat, budget: [0.3, 0.5, 0.7]}]")
                + "seeds: [1, 2]\n";
        HttpResponse<String> response = submit(text);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        String detail = Json.mapper().readTree(response.body()).get("detail").asText();
        assertThat(detail).containsPattern("expands to \\d+ trials").contains("limit per sweep is " + MAX_TRIALS);
        assertThat(sweeps.list(1000, 0)).hasSize(before);
    }

    @Test
    void anAliasBombIsRefusedAsInvalidWithoutBeingExpanded() throws Exception {
        int before = sweeps.list(1000, 0).size();
        StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char level = 'b'; level <= 'j'; level++) {
            String previous = "*" + (char) (level - 1);
            bomb.append(level)
                    .append(": &")
                    .append(level)
                    .append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, previous)))
                    .append("]\n");
        }
        HttpResponse<String> response = submit(bomb + spec(synthetic(), ""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.mapper().readTree(response.body()).get("detail").asText())
                .contains("YAML aliases are not accepted (*a at line 2)");
        assertThat(sweeps.list(1000, 0)).hasSize(before);
    }

    @Test
    void aBodyOverTheSizeLimitIsAnsweredWithProblemJson413() throws Exception {
        int before = sweeps.list(1000, 0).size();
        String huge = spec(synthetic(), "{train: {epochs: 1, lr: 1.0e-3, batch: 16}}") + "# "
                + "x".repeat(ApiServer.BODY_LIMIT_BYTES) + "\n";
        HttpResponse<String> response = submit(huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.mapper().readTree(response.body()).get("detail").asText())
                .contains(Integer.toString(ApiServer.BODY_LIMIT_BYTES));
        assertThat(sweeps.list(1000, 0)).hasSize(before);
    }

    private static String synthetic() {
        return "dataset: {name: synthetic, heldOut: 16}";
    }

    private static String spec(String dataset, String base) {
        String model = base.isEmpty() ? "{train: {epochs: 1, lr: 1.0e-3, batch: 16}}" : base;
        return "name: limits\n" + dataset + "\nmodel: {arch: vit-tiny-fmnist, base: " + model + "}\n"
                + "methods: [{name: dense}]\n";
    }

    private static JsonNode problemOf(HttpResponse<String> response, int status, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problems = Json.mapper().readTree(response.body()).get("problems");
        assertThat(problems).as(response.body()).hasSize(1);
        assertThat(problems.get(0).get("path").asText()).isEqualTo(field);
        return problems.get(0);
    }

    private static HttpResponse<InputStream> events() throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(running.base().resolve("api/v1/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static long idOf(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.mapper().readTree(response.body()).get("id").asLong();
    }

    private static void cancel(long sweepId) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(running.base().resolve("api/v1/sweeps/" + sweepId + "/cancel"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static HttpResponse<String> submit(String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(running.base().resolve("api/v1/sweeps"))
                        .header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
