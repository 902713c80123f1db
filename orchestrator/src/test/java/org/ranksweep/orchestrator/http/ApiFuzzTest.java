package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.spec.FuzzSpecs.Generator;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.orchestrator.http.FuzzRequests.Request;
import org.ranksweep.orchestrator.http.RawHttp.Answer;
import org.ranksweep.orchestrator.testing.DashboardData;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * Fuzzes every HTTP endpoint of a real orchestrator (embedded PostgreSQL, Hazelcast, Vert.x, seeded with the
 * dashboard's sweeps so ids hit real rows): {@value #ANY_REQUESTS} requests with generated methods, targets, ids,
 * query parameters, content types and bodies, and {@value #SUBMISSIONS} generated spec bodies POSTed to
 * {@code /api/v1/sweeps}. Whatever is sent, it is answered within 30 s and never with a 5xx; every 4xx under
 * {@code /api/} is {@code application/problem+json} whose {@code status} is the HTTP status and whose
 * {@code detail} says something; a refused request changes no row count, and an accepted sweep is stored with exactly
 * the trials its spec expands to (each is then cancelled, so the limit on sweeps in flight refuses none). Draws come
 * from {@code new Random(seed)}, the seed fixed unless {@code -Dranksweep.fuzz.seed} names another; a failure names
 * its seed and case number.
 */
class ApiFuzzTest {

    static final int ANY_REQUESTS = 6000;
    static final int SUBMISSIONS = 4000;
    private static final long SEED = Long.getLong("ranksweep.fuzz.seed", 20261206L);

    private static RunningOrchestrator running;
    private static RawHttp http;
    private static long sweepsBefore;
    /** Every sweep the fuzzing created, with the number of trials its spec expands to. */
    private static final Map<Long, Integer> ACCEPTED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        running = RunningOrchestrator.start("api-fuzz", 5921, DashboardData::seed);
        http = new RawHttp(running.base());
        sweepsBefore = rowCounts()[0];
    }

    @AfterAll
    static void stop() {
        try {
            JdbcTrialRepository trials = new JdbcTrialRepository(running.database());
            assertThat(rowCounts()[0]).as("stored sweeps").isEqualTo(sweepsBefore + ACCEPTED.size());
            ACCEPTED.forEach((sweepId, planned) -> assertThat(trials.listBySweep(SweepId.of(sweepId)))
                    .as("trials of sweep %d", sweepId)
                    .hasSize(planned));
        } finally {
            running.close();
        }
    }

    @Test
    void anyRequestIsAnsweredWithoutServerErrorAndChangesNoRowsUnlessItSubmits() {
        fuzz("any request", ANY_REQUESTS, FuzzRequests.anyRequest());
    }

    @Test
    void anySubmittedSpecIsStoredWholeOrNotAtAll() {
        fuzz("submission", SUBMISSIONS, FuzzRequests.submissions());
        assertThat(ACCEPTED).as("accepted submissions").isNotEmpty();
    }

    private static void fuzz(String kind, int count, Generator<Request> requests) {
        Random random = new Random(SEED ^ kind.hashCode());
        for (int index = 0; index < count; index++) {
            Request request = requests.next(random);
            try {
                exchange(request);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        kind + " #" + index + " of seed " + SEED + " (-Dranksweep.fuzz.seed=" + SEED + "): " + request
                                + " (body kept in " + keep(kind, index, request) + "): " + e.getMessage(),
                        e);
            }
        }
    }

    /** Writes a failing request's body under {@code target/fuzz-failures}, for the corpus once it is fixed. */
    private static Path keep(String kind, int index, Request request) {
        Path file = Path.of("target", "fuzz-failures", kind.replace(' ', '-') + "-" + SEED + "-" + index + ".body");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, request.body() == null ? new byte[0] : request.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void exchange(Request request) {
        long[] before = rowCounts();
        Answer answer = http.send(request.method(), request.target(), request.contentType(), request.body());
        assertThat(answer.status()).as("status; body %s", answer.body()).isLessThan(500);
        if (answer.status() >= 400
                && !request.method().equals("HEAD")
                && request.target().startsWith("/api/")) {
            assertThat(answer.contentType()).as("content type").startsWith("application/problem+json");
            JsonNode problem = Json.read(answer.body(), JsonNode.class);
            assertThat(problem.path("status").asInt()).as("problem status").isEqualTo(answer.status());
            assertThat(problem.path("detail").asText())
                    .as("problem detail")
                    .isNotBlank()
                    .isNotEqualTo("null");
        }
        long[] after = rowCounts();
        if (answer.status() == 201) {
            int planned = plannedTrials(new String(request.body(), StandardCharsets.UTF_8));
            long sweepId = Json.read(answer.body(), JsonNode.class).path("id").asLong();
            ACCEPTED.put(sweepId, planned);
            assertThat(after).as("sweep and trial rows after 201").containsExactly(before[0] + 1, before[1] + planned);
            Answer cancelled = http.send("POST", "/api/v1/sweeps/" + sweepId + "/cancel", null, null);
            assertThat(cancelled.status())
                    .as("cancel of the accepted sweep: %s", cancelled.body())
                    .isEqualTo(200);
        } else {
            assertThat(after)
                    .as("sweep and trial rows after %d", answer.status())
                    .containsExactly(before);
        }
    }

    private static int plannedTrials(String specText) {
        return new TrialPlanner()
                .plan(new SpecParser().parse(specText, "accepted body"))
                .size();
    }

    /** The number of sweeps and of trials stored. */
    private static long[] rowCounts() {
        return running.database().withConnection(connection -> {
            try (ResultSet rows = connection
                    .createStatement()
                    .executeQuery("SELECT (SELECT count(*) FROM sweeps), (SELECT count(*) FROM trials)")) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        });
    }
}
