package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.orchestrator.testing.DashboardData;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/** The read endpoints the dashboard uses, on the hand-checked data of {@link DashboardData}. */
class DashboardApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Student's t, 97.5 % quantile with 2 degrees of freedom, as printed in t tables. */
    private static final double T_975_2 = 4.302652729911275;

    private static RunningOrchestrator orchestrator;
    private static DashboardData.Sweeps sweeps;

    @BeforeAll
    static void start() {
        DashboardData.Sweeps[] seeded = new DashboardData.Sweeps[1];
        orchestrator =
                RunningOrchestrator.start("dashboard-api", 5931, database -> seeded[0] = DashboardData.seed(database));
        sweeps = seeded[0];
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    @Test
    void trialPagesAreSortedFilteredAndCountedByTheServer() throws Exception {
        String trials = "api/v1/sweeps/" + sweeps.deit() + "/trials";
        HttpResponse<String> best = send(trials + "?limit=2&offset=0&sort=top1&order=desc", Map.of());
        assertThat(best.headers().firstValue("X-Total-Count")).contains("7");
        assertThat(json(best)).extracting(t -> t.get("top1").asDouble()).containsExactly(0.798, 0.790);

        HttpResponse<String> second = send(trials + "?limit=2&offset=2&sort=top1&order=desc", Map.of());
        assertThat(json(second)).extracting(t -> t.get("top1").asDouble()).containsExactly(0.785, 0.780);

        HttpResponse<String> comcat = send(trials + "?limit=10&filter=COMC", Map.of());
        assertThat(comcat.headers().firstValue("X-Total-Count")).contains("4");
        assertThat(json(comcat)).extracting(t -> t.get("method").asText()).containsOnly("comcat");

        // The orchestrator queued the one unfinished trial when it started.
        HttpResponse<String> queued = send(trials + "?limit=10&state=queued", Map.of());
        assertThat(json(queued)).extracting(t -> t.get("budget").asDouble()).containsExactly(0.125);

        HttpResponse<String> past = send(trials + "?limit=10&offset=100", Map.of());
        assertThat(json(past)).isEmpty();
        assertThat(past.headers().firstValue("X-Total-Count")).contains("7");
    }

    @Test
    void trialsWithoutALimitAreTheWholeSweepInPlanOrderWithDeltaToTheDenseTrialOfTheSameSeed() throws Exception {
        JsonNode all = json(send("api/v1/sweeps/" + sweeps.deit() + "/trials", Map.of()));
        assertThat(all).extracting(t -> t.get("index").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(all.get(1).get("deltaTop1VsDense").asDouble()).isCloseTo(0.790 - 0.798, within(1e-12));
        // Seed 1 has no dense trial, so no reference.
        assertThat(all.get(5).get("deltaTop1VsDense").isNull()).isTrue();
        assertThat(all.get(6).has("top1")).isFalse();
    }

    @Test
    void badPageParametersAreProblemsNamingTheParameter() throws Exception {
        String trials = "api/v1/sweeps/" + sweeps.deit() + "/trials";
        assertThat(send(trials + "?sort=colour", Map.of(), 400).body()).contains("sort", "colour", "top1");
        assertThat(send(trials + "?order=sideways", Map.of(), 400).body()).contains("order");
        assertThat(send(trials + "?state=DONE", Map.of(), 400).body()).contains("state", "completed");
        assertThat(send(trials + "?limit=0", Map.of(), 400).body()).contains("limit");
    }

    @Test
    void bestResultsAreOnePerMethodAndBudgetWithTheDenseReferenceFirst() throws Exception {
        JsonNode best = json(send("api/v1/leaderboard/best?sweep=" + sweeps.deit(), Map.of()));
        assertThat(best)
                .extracting(
                        e -> e.get("method").asText() + "@" + e.get("budget").asText())
                .containsExactly("dense@null", "comcat@0.5", "comcat@0.25", "head-prune@0.5", "svd-matrix@0.5");
        JsonNode comcat = best.get(1);
        assertThat(comcat.get("top1").asDouble()).isEqualTo(0.790);
        assertThat(comcat.get("completedTrials").asInt()).isEqualTo(2);
        assertThat(comcat.get("deltaTop1VsDense").asDouble()).isCloseTo(-0.008, within(1e-12));
        assertThat(comcat.get("ranks").get("qk")).hasSize(4);

        JsonNode all = json(send("api/v1/leaderboard/best", Map.of()));
        // deit 5 groups, fmnist 2, seeds 4 (dense, dense-ft, comcat 0.5 and 0.25).
        assertThat(all).hasSize(11);
        JsonNode fashion = json(send("api/v1/leaderboard/best?dataset=fashion-mnist&method=comcat", Map.of()));
        assertThat(fashion).hasSize(1);
        assertThat(fashion.get(0).get("deltaTop1VsDense").asDouble()).isCloseTo(0.84 - 0.85, within(1e-12));
    }

    @Test
    void summaryOverSeedsGivesMeanAndStudentIntervalOfTop1AndOfThePairedDifferences() throws Exception {
        HttpResponse<String> response = send("api/v1/sweeps/" + sweeps.seeds() + "/summary", Map.of());
        Map<String, JsonNode> byPoint = new TreeMap<>();
        for (JsonNode summary : json(response)) {
            byPoint.put(point(summary), summary);
        }
        assertThat(byPoint).containsOnlyKeys(DashboardData.SEEDED_TOP1.keySet());
        JsonNode comcat = byPoint.get("comcat-0.5@0.5");
        List<String> fields = new ArrayList<>();
        comcat.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "sweepId",
                        "label",
                        "method",
                        "budget",
                        "trials",
                        "completed",
                        "top1",
                        "deltaVsDenseFt",
                        "deltaVsDense",
                        "params",
                        "macs",
                        "ranks",
                        "top1BySeed",
                        "withinNoiseOf");
        List<String> intervalFields = new ArrayList<>();
        comcat.get("top1").fieldNames().forEachRemaining(intervalFields::add);
        assertThat(intervalFields).containsExactlyInAnyOrder("mean", "halfWidth", "n");

        List<Double> top1 = DashboardData.SEEDED_TOP1.get("comcat-0.5@0.5");
        assertThat(comcat.get("trials").asInt()).isEqualTo(3);
        assertThat(comcat.get("completed").asInt()).isEqualTo(3);
        assertInterval(comcat.get("top1"), top1);
        assertInterval(comcat.get("deltaVsDenseFt"), paired(top1, DashboardData.SEEDED_TOP1.get("dense-ft")));
        assertInterval(comcat.get("deltaVsDense"), paired(top1, DashboardData.SEEDED_TOP1.get("dense")));
        assertThat(comcat.get("params").asDouble()).isEqualTo(60_000);

        // Paired per seed, by hand: dense-ft − comcat 0.5 = 0.007, 0.003, 0.008 → 0.006 ± 0.0066 (contains 0);
        // comcat 0.5 − dense = 0.005, 0.009, 0.007 → 0.007 ± 0.0050 and dense-ft − dense = 0.012, 0.012, 0.015:
        // separated, although their unpaired top-1 intervals overlap; comcat 0.25 is below all of them.
        assertThat(byPoint.get("dense-ft").get("withinNoiseOf"))
                .extracting(JsonNode::asText)
                .containsExactly("comcat-0.5@0.5");
        assertThat(byPoint.get("dense").get("withinNoiseOf")).isEmpty();
        assertThat(byPoint.get("comcat-0.5@0.5").get("top1BySeed").size()).isEqualTo(3);
        assertThat(byPoint.get("comcat-0.25@0.25").get("withinNoiseOf")).isEmpty();
        assertThat(byPoint.get("dense-ft").get("deltaVsDenseFt").get("mean").asDouble())
                .isZero();
    }

    @Test
    void oneSeedPerPointHasNoIntervalToShow() throws Exception {
        JsonNode summaries = json(send("api/v1/sweeps/" + sweeps.fashion() + "/summary", Map.of()));
        JsonNode comcat = summaries.get(1);
        assertThat(point(comcat)).isEqualTo("comcat-0.5@0.5");
        assertThat(comcat.get("top1").get("mean").asDouble()).isEqualTo(0.84);
        assertThat(comcat.get("top1").get("halfWidth").isNull()).isTrue();
        assertThat(comcat.get("deltaVsDenseFt").isNull()).isTrue();
        assertThat(summaries).allMatch(summary -> summary.get("trials").asInt() == 1);
    }

    @Test
    void summaryOfAnUnknownSweepIsANotFoundProblem() throws Exception {
        HttpResponse<String> missing = send("api/v1/sweeps/987654/summary", Map.of(), 404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json(missing);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asText()).contains("sweep 987654");
    }

    @Test
    void trialsAndBestEntriesCarryTheirDifferenceToDenseFtNextToTheOneToDense() throws Exception {
        JsonNode trials = json(send("api/v1/sweeps/" + sweeps.seeds() + "/trials", Map.of()));
        // Plan order per seed: dense, dense-ft, comcat 0.5, comcat 0.25; index 6 is comcat 0.5 of seed 1.
        JsonNode comcatSeed1 = trials.get(6);
        assertThat(comcatSeed1.get("label").asText()).isEqualTo("comcat-0.5");
        assertThat(comcatSeed1.get("seed").asInt()).isEqualTo(1);
        assertThat(comcatSeed1.get("deltaTop1VsDenseFt").asDouble()).isCloseTo(0.815 - 0.818, within(1e-12));
        assertThat(comcatSeed1.get("deltaTop1VsDense").asDouble()).isCloseTo(0.815 - 0.806, within(1e-12));
        JsonNode deit = json(send("api/v1/sweeps/" + sweeps.deit() + "/trials", Map.of()));
        assertThat(deit.get(1).get("deltaTop1VsDenseFt").isNull()).isTrue();

        JsonNode best =
                json(send("api/v1/leaderboard/best?dataset=" + DashboardData.SYNTHETIC + "&method=comcat", Map.of()));
        assertThat(best).extracting(e -> e.get("top1").asDouble()).containsExactly(0.815, 0.772);
        assertThat(best.get(0).get("deltaTop1VsDenseFt").asDouble()).isCloseTo(0.815 - 0.818, within(1e-12));
        assertThat(best.get(0).get("deltaTop1VsDense").asDouble()).isCloseTo(0.815 - 0.806, within(1e-12));
    }

    @Test
    void trialsReportTheirBaseModelsSpectrumAsMetrics() throws Exception {
        long trialId = json(send("api/v1/sweeps/" + sweeps.seeds() + "/trials", Map.of()))
                .get(2)
                .get("id")
                .asLong();
        JsonNode metrics = json(send("api/v1/trials/" + trialId, Map.of())).get("metrics");
        assertThat(metrics).hasSize(DashboardData.spectrum().size());
        assertThat(metrics.get(0).get("metric").get("phase").asText()).isEqualTo("spectrum");
        assertThat(metrics.get(0).get("metric").get("value").asDouble()).isEqualTo(DashboardData.HEAD_WIDTH);
    }

    /** How summaries name each other in withinNoiseOf: label, or label@budget. */
    private static String point(JsonNode summary) {
        JsonNode budget = summary.get("budget");
        return summary.get("label").asText() + (budget.isNull() ? "" : "@" + budget.asText());
    }

    /** Mean and 95 % half-width t(0.975, n − 1) · s / √n, with the quantile for n = 3 from a t table. */
    private static void assertInterval(JsonNode interval, List<Double> values) {
        assertThat(values).hasSize(3);
        double mean = (values.get(0) + values.get(1) + values.get(2)) / 3;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double halfWidth = T_975_2 * Math.sqrt(squares / 2) / Math.sqrt(3);
        assertThat(interval.get("mean").asDouble()).isCloseTo(mean, within(1e-12));
        assertThat(interval.get("halfWidth").asDouble()).isCloseTo(halfWidth, within(1e-9));
        assertThat(interval.get("n").asInt()).isEqualTo(3);
    }

    private static List<Double> paired(List<Double> values, List<Double> references) {
        List<Double> differences = new ArrayList<>();
        for (int seed = 0; seed < values.size(); seed++) {
            differences.add(values.get(seed) - references.get(seed));
        }
        return differences;
    }

    @Test
    void paretoPointsMarkTheFrontsByParametersAndByMacs() throws Exception {
        JsonNode pareto = json(send("api/v1/sweeps/" + sweeps.deit() + "/pareto", Map.of()));
        assertThat(pareto.get("dataset").asText()).isEqualTo(DashboardData.IMAGENET);
        assertThat(pareto.get("points")).hasSize(6);
        Map<String, String> fronts = new TreeMap<>();
        for (JsonNode point : pareto.get("points")) {
            fronts.put(
                    point.get("label").asText() + "/" + point.get("top1").asText(),
                    (point.get("frontByParams").asBoolean() ? "P" : "-")
                            + (point.get("frontByMacs").asBoolean() ? "M" : "-"));
        }
        assertThat(fronts)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "dense/0.798",
                        "PM",
                        "comcat-0.5/0.79",
                        "PM",
                        "comcat-0.25/0.76",
                        "PM",
                        "svd-matrix-0.5/0.77",
                        "--",
                        "head-prune-0.5/0.78",
                        "-M",
                        "comcat-0.5/0.785",
                        "--"));
    }

    @Test
    void baselinesAreServedWithTheirCitations() throws Exception {
        JsonNode baselines = json(send("api/v1/baselines", Map.of()));
        assertThat(baselines).hasSize(13);
        List<String> citations = new ArrayList<>();
        baselines.forEach(b -> citations.add(b.get("citation").asText()));
        assertThat(citations).allMatch(c -> !c.isBlank());
        assertThat(json(send("api/v1/baselines?model=deit-small", Map.of()))).hasSize(3);
    }

    @Test
    void runningSweepsCarryProgressAndAnEstimateOfTheTimeLeft() throws Exception {
        JsonNode fashion = json(send("api/v1/sweeps/" + sweeps.fashion(), Map.of()));
        assertThat(fashion.get("state").asText()).isEqualTo("RUNNING");
        assertThat(fashion.get("done").asInt()).isEqualTo(2);
        assertThat(fashion.get("trialCount").asInt()).isEqualTo(3);
        assertThat(fashion.get("etaSeconds").isIntegralNumber()).isTrue();
        assertThat(fashion.get("etaSeconds").asLong()).isNotNegative();
    }

    @Test
    void trialDetailComparesWithTheDenseTrialOfItsSweepAndSeed() throws Exception {
        JsonNode rows = json(send("api/v1/sweeps/" + sweeps.deit() + "/trials?limit=1&offset=1", Map.of()));
        JsonNode trial = json(send("api/v1/trials/" + rows.get(0).get("id").asLong(), Map.of()));
        assertThat(trial.get("deltaTop1VsDense").asDouble()).isCloseTo(-0.008, within(1e-12));
        assertThat(trial.get("result").get("ranks").get("vo"))
                .extracting(JsonNode::asInt)
                .containsExactlyElementsOf(DashboardData.VO_RANKS);
        assertThat(trial.get("result").get("artifactSha256").asText()).hasSize(64);
    }

    @Test
    void webJarsAreServedAndJsonIsCompressedButTheEventStreamIsNot() throws Exception {
        HttpResponse<String> echarts = send("webjars/echarts/5.3.1/dist/echarts.min.js", Map.of());
        assertThat(echarts.headers().firstValue("Content-Type").orElse("")).contains("javascript");
        assertThat(echarts.body()).contains("echarts");
        assertThat(send("index.html", Map.of()).body()).contains("js/app.js");

        HttpResponse<byte[]> pareto = HTTP.send(
                HttpRequest.newBuilder(orchestrator.base().resolve("api/v1/sweeps/" + sweeps.deit() + "/pareto"))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pareto.headers().firstValue("Content-Encoding")).contains("gzip");

        HttpResponse<java.io.InputStream> events = HTTP.send(
                HttpRequest.newBuilder(orchestrator.base().resolve("api/v1/events"))
                        .header("Accept-Encoding", "gzip")
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.headers().firstValue("Content-Encoding").orElse("identity"))
                .isEqualTo("identity");
        events.body().close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> send(String path, Map<String, String> headers) throws Exception {
        return send(path, headers, 200);
    }

    private static HttpResponse<String> send(String path, Map<String, String> headers, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(orchestrator.base() + path));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
        return response;
    }
}
