package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.orchestrator.testing.HeadlessBrowser;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;
import org.ranksweep.orchestrator.testing.SeedTrial;
import org.ranksweep.orchestrator.testing.TrialSeeder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard with 20,000 trials in one sweep: API latency percentiles over a loop of requests and page load
 * times in Chromium. Writes the figures to {@code target/dashboard-benchmark.md} (copied by hand into
 * {@code benchmarks/dashboard.md}); the assertions only catch a dashboard that stopped paging or grouping.
 */
class DashboardScaleTest {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardScaleTest.class);
    private static final int TRIALS = 20_000;
    private static final int WARM_UP = 5;
    private static final int REQUESTS = 40;
    private static final int PAGE_LOADS = 3;
    private static final String[] METHODS = {"comcat", "svd-matrix", "head-prune"};
    /** Trials per seed: one dense reference, then compressed trials, as a real sweep has them. */
    private static final int PER_SEED = 32;

    private static final double[] BUDGETS = {0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0};
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningOrchestrator orchestrator;
    private static SweepId sweep;
    private static long seedingMillis;
    private static final Map<String, String> FIGURES = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        SweepId[] seeded = new SweepId[1];
        orchestrator = RunningOrchestrator.start("dashboard-scale", 5951, database -> {
            long started = System.nanoTime();
            seeded[0] = new TrialSeeder(database).seed("big", "imagenet-1k", "deit-small", trials());
            seedingMillis = (System.nanoTime() - started) / 1_000_000;
        });
        sweep = seeded[0];
        LOG.info("Seeded {} trials in {} ms", TRIALS, seedingMillis);
    }

    @AfterAll
    static void stop() throws IOException {
        orchestrator.close();
        StringBuilder report = new StringBuilder("| measurement | value |\n|---|---|\n");
        report.append("| seeding ")
                .append(TRIALS)
                .append(" completed trials (batch insert + attempt + result each) | ")
                .append(seedingMillis)
                .append(" ms |\n");
        FIGURES.forEach((name, value) ->
                report.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "dashboard-benchmark.md"), report.toString());
        LOG.info("Dashboard benchmark:\n{}", report);
    }

    /**
     * Per seed one dense trial and 31 compressed ones (three methods, eight budgets); top-1 and size grow with the
     * budget, with noise.
     */
    private static List<SeedTrial> trials() {
        Random random = new Random(42);
        List<SeedTrial> trials = new ArrayList<>(TRIALS);
        for (int index = 0; index < TRIALS; index++) {
            boolean dense = index % PER_SEED == 0;
            String method = dense ? "dense" : METHODS[index % METHODS.length];
            double budget = BUDGETS[(index / METHODS.length) % BUDGETS.length];
            double size = dense ? 1.0 : budget;
            double top1 = 0.70 + 0.1 * size + 0.02 * random.nextGaussian() * 0.5;
            long params = Math.round(5_000_000 + 17_000_000 * size * (0.95 + 0.1 * random.nextDouble()));
            trials.add(SeedTrial.completed(
                    method,
                    dense ? null : budget,
                    index / PER_SEED,
                    Math.max(0, Math.min(1, top1)),
                    params,
                    params * 200));
        }
        return trials;
    }

    @Test
    void apiAnswersWithinBoundsWith20000TrialsInOneSweep() throws Exception {
        String trials = "api/v1/sweeps/" + sweep + "/trials";
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("GET /api/v1/sweeps", "api/v1/sweeps");
        requests.put("GET /api/v1/sweeps/{id}", "api/v1/sweeps/" + sweep);
        requests.put("GET …/trials?limit=50 (plan order)", trials + "?limit=50");
        requests.put(
                "GET …/trials?limit=50&offset=10000&sort=top1&order=desc",
                trials + "?limit=50&offset=10000&sort=top1&order=desc");
        requests.put(
                "GET …/trials?limit=50&filter=comcat&state=completed&sort=params",
                trials + "?limit=50&filter=comcat&state=completed&sort=params");
        requests.put("GET /api/v1/leaderboard/best", "api/v1/leaderboard/best");
        requests.put("GET /api/v1/sweeps/{id}/pareto (20,000 points, gzip)", "api/v1/sweeps/" + sweep + "/pareto");
        requests.put("GET /api/v1/trials/{id}", "api/v1/trials/" + firstTrialId());
        requests.put("GET /api/v1/baselines", "api/v1/baselines");
        Map<String, Double> p95 = new LinkedHashMap<>();
        for (Map.Entry<String, String> request : requests.entrySet()) {
            double[] millis = time(request.getValue());
            p95.put(request.getKey(), percentile(millis, 95));
            FIGURES.put(
                    "API p95 " + request.getKey() + " (" + REQUESTS + " requests)",
                    String.format("%.1f ms (median %.1f ms)", percentile(millis, 95), percentile(millis, 50)));
        }
        assertThat(p95).allSatisfy((name, value) -> assertThat(value).as(name).isLessThan(2_000.0));
    }

    @Test
    void pagesLoadWithinBoundsWith20000TrialsInOneSweep() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("sweeps list", "#/sweeps");
        pages.put("sweep detail (first 50 of 20,000 trials)", "#/sweeps/" + sweep);
        pages.put("leaderboard", "#/leaderboard");
        pages.put("Pareto plot (20,000 points + baselines)", "#/sweeps/" + sweep + "/pareto");
        pages.put("trial detail", "#/trials/" + firstTrialId());
        try (HeadlessBrowser browser = new HeadlessBrowser()) {
            Page page = browser.newPage();
            for (Map.Entry<String, String> entry : pages.entrySet()) {
                double[] millis = new double[PAGE_LOADS];
                for (int i = 0; i < PAGE_LOADS; i++) {
                    page.navigate("about:blank");
                    long started = System.nanoTime();
                    page.navigate(orchestrator.base() + entry.getValue());
                    page.waitForSelector("main[data-ready='true']");
                    millis[i] = (System.nanoTime() - started) / 1e6;
                }
                assertThat(page.locator("main .error").count())
                        .as(entry.getKey())
                        .isZero();
                FIGURES.put(
                        "page load " + entry.getKey() + " (navigation to rendered, " + PAGE_LOADS + " loads)",
                        String.format("median %.0f ms, max %.0f ms", percentile(millis, 50), percentile(millis, 100)));
                assertThat(percentile(millis, 50)).as(entry.getKey()).isLessThan(10_000.0);
            }
            assertThat(page.locator("#pareto-chart").count()).isZero();
            page.navigate(orchestrator.base() + "#/sweeps/" + sweep + "/pareto");
            page.waitForSelector("#pareto-chart[data-trial-points='" + TRIALS + "']");
            HeadlessBrowser.screenshot(page, "pareto-20000");
        }
    }

    private static long firstTrialId() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(orchestrator.base() + "api/v1/sweeps/" + sweep
                                    + "/trials?limit=1&sort=top1&order=desc"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return Json.mapper().readTree(response.body()).get(0).get("id").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double[] time(String path) {
        for (int i = 0; i < WARM_UP; i++) {
            get(path);
        }
        double[] millis = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = get(path);
            millis[i] = (System.nanoTime() - started) / 1e6;
            assertThat(response.statusCode()).as(path).isEqualTo(200);
        }
        return millis;
    }

    private static HttpResponse<String> get(String path) {
        try {
            // gzip as a browser asks for it; the body is only timed, not read.
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(orchestrator.base() + path))
                            .header("Accept-Encoding", "gzip")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
