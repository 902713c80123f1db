package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.asha.ResultRanker;
import org.ranksweep.core.asha.RungResult;
import org.ranksweep.core.asha.Standing;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Hypervolume;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.scheduler.StoredSchedulerEvent;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.orchestrator.testing.HalvingRun;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * {@code GET /api/v1/sweeps/{id}/scheduler} and the hypervolume series of {@code GET /api/v1/sweeps/{id}/pareto}
 * on a real orchestrator after an ASHA sweep the test ran by playing the worker: what the API shows is recomputed
 * here from the stored history ({@code scheduler_events}) and the stored results, and every body validates against
 * the OpenAPI contract.
 */
class SchedulerApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ContractSchemas CONTRACT = ContractSchemas.load();
    private static final List<Objective> OBJECTIVES =
            List.of(new Objective("top1", Goal.MAX), new Objective("params", Goal.MIN));
    private static final String PLAIN = """
            name: plain
            dataset: {name: synthetic, heldOut: 16}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods: [{name: comcat, budget: [0.5]}]
            """;

    private static RunningOrchestrator running;
    private static StoredSweep asha;
    private static StoredSweep hyperband;
    private static StoredSweep plain;
    private static Map<Integer, StoredTrial> byIndex;

    @BeforeAll
    static void runSweeps() {
        running = RunningOrchestrator.start("scheduler-api", 5977, database -> {});
        asha = HalvingRun.run(running, HalvingRun.spec("rungs", "asha"));
        assertThat(asha.state()).isEqualTo(SweepState.COMPLETED);
        // Hyperband's bracket 2 trains every trial to the top rung: several completions for the hypervolume.
        hyperband = HalvingRun.run(running, HalvingRun.spec("brackets", "hyperband"));
        assertThat(hyperband.state()).isEqualTo(SweepState.COMPLETED);
        plain = running.orchestrator()
                .scheduler()
                .submit(new SpecParser().parse(PLAIN, "plain.yaml"), PLAIN, false)
                .join();
        byIndex = new HashMap<>();
        new JdbcTrialRepository(running.database())
                .listBySweep(asha.id())
                .forEach(trial -> byIndex.put(trial.index(), trial));
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void rungStandingsAndDecisionsAreWhatTheStoredHistorySays() throws Exception {
        JsonNode view = get("/api/v1/sweeps/" + asha.id() + "/scheduler", "/api/v1/sweeps/{id}/scheduler");
        List<StoredSchedulerEvent> history = new JdbcSchedulerEventRepository(running.database()).list(asha.id());
        assertThat(history).isNotEmpty();

        assertThat(view.get("algorithm").asText()).isEqualTo("asha");
        assertThat(List.of(
                        view.get("min").asInt(),
                        view.get("max").asInt(),
                        view.get("eta").asInt()))
                .containsExactly(1, 9, 3);
        assertThat(view.get("brackets")).hasSize(1);
        assertThat(texts(view.at("/brackets/0/epochs"))).containsExactly("1", "3", "9");

        // Rungs: every report of the history at its rung, ranked by the sweep's objectives, with where it stands.
        List<String> expectedRungs = new ArrayList<>();
        List<String> actualRungs = new ArrayList<>();
        ResultRanker ranker = ResultRanker.forObjectives(OBJECTIVES, List.of());
        for (int rung = 0; rung < 3; rung++) {
            int at = rung;
            List<RungResult> reports = history.stream()
                    .map(StoredSchedulerEvent::event)
                    .filter(e -> e instanceof AshaEvent.Reported r && r.result().rung() == at)
                    .map(e -> ((AshaEvent.Reported) e).result())
                    .toList();
            for (RungResult result : ranker.rank(reports)) {
                expectedRungs.add(rung + " " + line(result.trialId(), result.metrics()) + " "
                        + status(history, result.trialId(), rung));
            }
            for (JsonNode entry : view.at("/brackets/0/rungs/" + rung + "/results")) {
                assertThat(entry.get("trialId").asLong())
                        .isEqualTo(byIndex.get(entry.get("index").asInt()).id().value());
                assertThat(entry.get("label").asText())
                        .isEqualTo(byIndex.get(entry.get("index").asInt()).label());
                actualRungs.add(rung + " " + line(entry.get("index").asInt(), metrics(entry.get("metrics"))) + " "
                        + entry.get("status").asText());
            }
        }
        assertThat(actualRungs).containsExactlyElementsOf(expectedRungs);
        assertThat(expectedRungs).hasSizeGreaterThan(9); // some trials reported at more than one rung

        // Decisions: the history without its reports, in order, with the standings each was taken on. The stored
        // entries keep only the decided trial's rank and rung size: the standings are recomputed here from the
        // reports stored before each decision, and must place the trial where its entry says.
        List<String> expectedDecisions = new ArrayList<>();
        Map<Integer, Map<Integer, RungResult>> reportsByRung = new HashMap<>();
        Map<Integer, Set<Integer>> promotedByRung = new HashMap<>();
        for (StoredSchedulerEvent stored : history) {
            if (stored.event() instanceof AshaEvent.Reported reported) {
                reportsByRung
                        .computeIfAbsent(reported.result().rung(), r -> new LinkedHashMap<>())
                        .put(reported.trialId(), reported.result());
            } else {
                expectedDecisions.add(decision(stored, ranker, reportsByRung, promotedByRung));
            }
        }
        List<String> actualDecisions = new ArrayList<>();
        for (JsonNode decision : view.get("decisions")) {
            actualDecisions.add(decision(decision));
        }
        assertThat(actualDecisions).containsExactlyElementsOf(expectedDecisions);
        assertThat(actualDecisions).anyMatch(d -> d.contains(" Promoted "));
        assertThat(actualDecisions).anyMatch(d -> d.contains(" Pruned "));

        // A pruned trial's reason places it in its rung as its stored Pruned entry does.
        for (StoredSchedulerEvent stored : history) {
            if (stored.event() instanceof AshaDecision.Pruned pruned) {
                assertThat(byIndex.get(pruned.trialId()).reason())
                        .startsWith("pruned at rung " + pruned.rung() + " (")
                        .contains("): ranked " + pruned.rank() + " of " + pruned.of() + " there");
            }
        }

        Map<TrialState, Integer> states = new HashMap<>();
        byIndex.values().forEach(trial -> states.merge(trial.state(), 1, Integer::sum));
        assertThat(view.at("/counts/completed").asInt()).isEqualTo(states.getOrDefault(TrialState.COMPLETED, 0));
        assertThat(view.at("/counts/pruned").asInt()).isEqualTo(states.getOrDefault(TrialState.PRUNED, 0));
        assertThat(view.at("/counts/pruned").asInt()
                        + view.at("/counts/completed").asInt())
                .isEqualTo(9);
        assertThat(view.at("/counts/paused").asInt()).isZero();
        assertThat(view.at("/counts/running").asInt()).isZero();

        JsonNode sweep = get("/api/v1/sweeps/" + asha.id(), "/api/v1/sweeps/{id}");
        assertThat(sweep.get("scheduler").asText()).isEqualTo("asha");
    }

    @Test
    void aHistoryStoredWithEachDecisionsFullStandingsShowsTheSameView() throws Exception {
        String uri = "/api/v1/sweeps/" + hyperband.id() + "/scheduler";
        JsonNode before = get(uri, "/api/v1/sweeps/{id}/scheduler");
        int rewritten = 0;
        for (JsonNode decision : before.get("decisions")) {
            if (decision.get("standings").isEmpty()) {
                continue;
            }
            // The entry as stored before decisions kept only the trial's rank and of: the whole rung, best first.
            List<Map<String, Object>> standings = new ArrayList<>();
            for (JsonNode standing : decision.get("standings")) {
                standings.add(Map.of(
                        "trialId", standing.get("index").asInt(),
                        "metrics", metrics(standing.get("metrics")),
                        "promoted", standing.get("promoted").asBoolean()));
            }
            rewritten += running.database().withConnection(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE scheduler_events"
                        + " SET event = (event - 'rank' - 'of') || jsonb_build_object('standings', CAST(? AS jsonb))"
                        + " WHERE sweep_id = ? AND seq = ? AND event -> 'rank' IS NOT NULL")) {
                    update.setString(1, Json.write(standings));
                    update.setLong(2, hyperband.id().value());
                    update.setInt(3, decision.get("seq").asInt());
                    return update.executeUpdate();
                }
            });
        }
        assertThat(rewritten).isGreaterThan(3);

        JsonNode after = get(uri, "/api/v1/sweeps/{id}/scheduler");

        assertThat(after).isEqualTo(before);
    }

    @Test
    void aSweepWithoutASchedulerAnswersAProblemNamingThat() throws Exception {
        HttpResponse<String> response = send("/api/v1/sweeps/" + plain.id() + "/scheduler");
        assertThat(response.statusCode()).isEqualTo(404);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertThat(type).isEqualTo("application/problem+json");
        assertThat(CONTRACT.validateBody("GET", "/api/v1/sweeps/{id}/scheduler", 404, type, response.body()))
                .isEmpty();
        assertThat(Json.read(response.body(), JsonNode.class).get("detail").asText())
                .isEqualTo("sweep " + plain.id() + " has no scheduler: its spec has no scheduler key, so every trial"
                        + " runs its full recipe and there are no rungs to show");
        assertThat(get("/api/v1/sweeps/" + plain.id(), "/api/v1/sweeps/{id}")
                        .get("scheduler")
                        .isNull())
                .isTrue();

        HttpResponse<String> missing = send("/api/v1/sweeps/999999/scheduler");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.read(missing.body(), JsonNode.class).get("detail").asText())
                .isEqualTo("sweep 999999 does not exist");
    }

    @Test
    void hypervolumeAfterEachCompletedTrialIsCoresHypervolumeOfTheResultsSoFar() throws Exception {
        JsonNode series = get("/api/v1/sweeps/" + hyperband.id() + "/pareto", "/api/v1/sweeps/{id}/pareto")
                .get("hypervolume");
        JdbcTrialRepository trials = new JdbcTrialRepository(running.database());
        List<StoredTrial> completed = trials.listBySweep(hyperband.id()).stream()
                .filter(trial -> trial.state() == TrialState.COMPLETED)
                .sorted(Comparator.comparing(StoredTrial::endedAt)
                        .thenComparingLong(trial -> trial.id().value()))
                .toList();
        assertThat(completed).hasSizeGreaterThan(1);
        List<Map<String, Double>> results = new ArrayList<>();
        for (StoredTrial trial : completed) {
            TrialResult result = trials.result(trial.id()).orElseThrow();
            results.add(Map.of("top1", result.top1(), "params", (double) result.params()));
        }
        // No dense result in this sweep: top-1 from 0, parameters up to the largest seen × 1.1.
        double largest =
                results.stream().mapToDouble(r -> r.get("params")).max().orElseThrow();
        Map<String, Double> reference = Map.of("top1", 0.0, "params", largest * 1.1);
        assertThat(series.get("referenceFrom").asText()).isEqualTo("largest");
        assertThat(series.at("/reference/top1").asDouble()).isZero();
        assertThat(series.at("/reference/params").asDouble()).isCloseTo(largest * 1.1, within(1e-6));

        JsonNode points = series.get("points");
        assertThat(points).hasSize(completed.size());
        double before = 0;
        for (int i = 0; i < completed.size(); i++) {
            double expected = Hypervolume.of(results.subList(0, i + 1), OBJECTIVES, reference);
            JsonNode point = points.get(i);
            assertThat(point.get("trialId").asLong())
                    .isEqualTo(completed.get(i).id().value());
            assertThat(point.get("hypervolume").asDouble())
                    .as("hypervolume after %d completed", i + 1)
                    .isCloseTo(expected, within(1e-6 * Math.max(1, expected)));
            assertThat(expected).isGreaterThanOrEqualTo(before);
            before = expected;
        }
        assertThat(before).isPositive();
    }

    @Test
    void hyperbandShowsEveryBracketWithItsRungsAndEveryReport() throws Exception {
        JsonNode view = get("/api/v1/sweeps/" + hyperband.id() + "/scheduler", "/api/v1/sweeps/{id}/scheduler");
        assertThat(view.get("algorithm").asText()).isEqualTo("hyperband");
        List<String> ladders = new ArrayList<>();
        int shown = 0;
        for (JsonNode bracket : view.get("brackets")) {
            ladders.add(String.join(",", texts(bracket.get("epochs"))));
            for (JsonNode rung : bracket.get("rungs")) {
                shown += rung.get("results").size();
            }
        }
        assertThat(ladders).containsExactly("1,3,9", "3,9", "9");
        long reported = new JdbcSchedulerEventRepository(running.database())
                .list(hyperband.id()).stream()
                        .filter(e -> e.event() instanceof AshaEvent.Reported)
                        .count();
        assertThat(shown).isEqualTo((int) reported);
        long completed = new JdbcSchedulerEventRepository(running.database())
                .list(hyperband.id()).stream()
                        .filter(e -> e.event() instanceof AshaDecision.Completed)
                        .count();
        assertThat(view.at("/counts/completed").asInt())
                .isEqualTo((int) completed)
                .isGreaterThan(1);
    }

    private static String line(int index, Map<String, Double> metrics) {
        return "#" + index + " top1=" + metrics.get("top1") + " params=" + metrics.get("params");
    }

    /** Where the trial's report at the rung stands after the whole history. */
    private static String status(List<StoredSchedulerEvent> history, int index, int rung) {
        String status = "WAITING";
        for (StoredSchedulerEvent stored : history) {
            AshaEvent event = stored.event();
            if (event.trialId() != index) {
                continue;
            }
            if (event instanceof AshaDecision.Promoted promoted && promoted.rung() == rung + 1) {
                status = "PROMOTED";
            } else if (event instanceof AshaDecision.Pruned pruned && pruned.rung() == rung) {
                status = "PRUNED";
            } else if (event instanceof AshaDecision.Completed completed && completed.rung() == rung) {
                status = "COMPLETED";
            }
        }
        return status;
    }

    /**
     * A stored decision as text, with the standings of its rung (for a promotion, the rung it leaves) ranked from
     * the reports stored before it; checks the entry's rank and of against them.
     */
    private static String decision(
            StoredSchedulerEvent stored,
            ResultRanker ranker,
            Map<Integer, Map<Integer, RungResult>> reportsByRung,
            Map<Integer, Set<Integer>> promotedByRung) {
        AshaEvent event = stored.event();
        int rung = -1;
        int decidedOn = -1;
        List<Integer> place = List.of();
        if (event instanceof AshaDecision.Started started) {
            rung = started.rung();
        } else if (event instanceof AshaDecision.Promoted promoted) {
            rung = promoted.rung();
            decidedOn = rung - 1;
            place = List.of(promoted.rank(), promoted.of());
        } else if (event instanceof AshaDecision.Completed completed) {
            rung = completed.rung();
            decidedOn = rung;
            place = List.of(completed.rank(), completed.of());
        } else if (event instanceof AshaDecision.Pruned pruned) {
            rung = pruned.rung();
            decidedOn = rung;
            place = List.of(pruned.rank(), pruned.of());
        }
        List<Standing> standings = List.of();
        if (decidedOn >= 0) {
            Set<Integer> promoted = promotedByRung.computeIfAbsent(decidedOn, r -> new HashSet<>());
            standings = ranker.rank(List.copyOf(reportsByRung.get(decidedOn).values())).stream()
                    .map(r -> new Standing(r.trialId(), r.metrics(), promoted.contains(r.trialId())))
                    .toList();
            List<Integer> order = standings.stream().map(Standing::trialId).toList();
            assertThat(place).as("%s", event).containsExactly(order.indexOf(event.trialId()) + 1, order.size());
            if (event instanceof AshaDecision.Promoted) {
                promoted.add(event.trialId());
            }
        }
        StringBuilder text = new StringBuilder(stored.seq() + " " + stored.recordedAt() + " "
                + event.getClass().getSimpleName() + " " + stored.trialId().value() + " "
                + byIndex.get(event.trialId()).label() + " rung " + rung + ":");
        for (Standing standing : standings) {
            text.append(' ')
                    .append(line(standing.trialId(), standing.metrics()))
                    .append(standing.promoted() ? " promoted" : "");
        }
        return text.toString();
    }

    private static String decision(JsonNode decision) {
        StringBuilder text = new StringBuilder(decision.get("seq").asInt() + " "
                + Instant.parse(decision.get("recordedAt").asText()) + " "
                + decision.get("kind").asText() + " "
                + decision.get("trialId").asLong() + " " + decision.get("label").asText() + " rung "
                + decision.get("rung").asInt() + ":");
        for (JsonNode standing : decision.get("standings")) {
            text.append(' ')
                    .append(line(standing.get("index").asInt(), metrics(standing.get("metrics"))))
                    .append(standing.get("promoted").asBoolean() ? " promoted" : "");
        }
        return text.toString();
    }

    private static Map<String, Double> metrics(JsonNode node) {
        Map<String, Double> metrics = new HashMap<>();
        node.properties().forEach(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
        return metrics;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode get(String uri, String path) throws Exception {
        HttpResponse<String> response = send(uri);
        assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertThat(CONTRACT.validateBody("GET", path, 200, type, response.body()))
                .as(uri + " body " + response.body())
                .isEmpty();
        return Json.read(response.body(), JsonNode.class);
    }

    private static HttpResponse<String> send(String uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(running.base() + uri.substring(1)))
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
