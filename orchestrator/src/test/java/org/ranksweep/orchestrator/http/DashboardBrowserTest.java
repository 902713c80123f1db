package org.ranksweep.orchestrator.http;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.customize.ConceptClasses;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.scheduler.StoredSchedulerEvent;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.orchestrator.testing.CustomizationData;
import org.ranksweep.orchestrator.testing.DashboardData;
import org.ranksweep.orchestrator.testing.HalvingRun;
import org.ranksweep.orchestrator.testing.HeadlessBrowser;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/**
 * The dashboard in Debian's Chromium against a real orchestrator holding {@link DashboardData}. Every page must
 * load without a script error; screenshots land in {@code target/screenshots}.
 */
class DashboardBrowserTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RunningOrchestrator orchestrator;
    private static DashboardData.Sweeps sweeps;
    private static HeadlessBrowser browser;
    private Page page;
    private final List<String> scriptErrors = new ArrayList<>();

    @BeforeAll
    static void start() {
        DashboardData.Sweeps[] seeded = new DashboardData.Sweeps[1];
        orchestrator = RunningOrchestrator.start(
                "dashboard-browser", 5941, database -> seeded[0] = DashboardData.seed(database));
        sweeps = seeded[0];
        browser = new HeadlessBrowser();
    }

    @AfterAll
    static void stop() {
        browser.close();
        orchestrator.close();
    }

    @BeforeEach
    void openPage() {
        page = browser.newPage();
        page.onPageError(scriptErrors::add);
        page.onConsoleMessage(message -> {
            // A 400 problem answer is how the submit page learns about a bad spec: expected, not a script error.
            if (message.type().equals("error") && !message.text().contains("status of 400")) {
                scriptErrors.add(message.text());
            }
        });
    }

    @AfterEach
    void noScriptErrors() {
        page.context().close();
        assertThat(scriptErrors).isEmpty();
    }

    @Test
    void sweepsPageListsEverySweepWithItsProgress() {
        open("#/sweeps", "sweeps");
        assertThat(page.locator("tr[data-sweep-id='" + sweeps.fashion() + "'] progress"))
                .hasAttribute("value", "2");
        Locator deit = page.locator("tr[data-sweep-id='" + sweeps.deit() + "']");
        assertThat(deit.locator("progress")).hasAttribute("value", "6");
        assertThat(deit.locator("progress")).hasAttribute("aria-label", "6 of 7 trials finished");
        assertThat(deit).containsText("RUNNING");
        HeadlessBrowser.screenshot(page, "sweeps");
    }

    @Test
    void leaderboardShowsTheBestTrialPerMethodAndBudgetAndThePublishedBaselines() {
        open("#/leaderboard?dataset=" + DashboardData.IMAGENET, "leaderboard");
        Locator rows = page.locator("table.leaderboard tbody tr");
        assertThat(rows).hasCount(5);
        assertThat(rows.first()).containsText("dense (reference)");
        Locator comcat =
                page.locator("table.leaderboard tr[data-method='comcat']").first();
        assertThat(comcat).containsText("79.00%");
        assertThat(comcat).containsText("-0.80 pp");
        assertThat(page.locator("#baselines-table tbody tr")).hasCount(13);
        assertThat(page.locator("#baselines-table")).containsText("Isomorphic Pruning for Vision Models");
        HeadlessBrowser.screenshot(page, "leaderboard");

        page.selectOption("#filter-dataset", DashboardData.FASHION);
        assertThat(rows).hasCount(2);
        assertThat(page.locator("#baseline-results")).containsText("No published baseline");

        page.selectOption("#filter-dataset", DashboardData.SYNTHETIC);
        assertThat(rows).hasCount(4);
        assertThat(page.locator("table.leaderboard tr[data-method='dense-ft'] th"))
                .hasText("dense-ft (control)");
        // Best comcat 0.5 (0.815) against the best dense-ft (0.818) and the best dense (0.806).
        Locator best =
                page.locator("table.leaderboard tr[data-method='comcat']").first();
        assertThat(best.locator("td[data-col='delta-ft']")).hasText("-0.30 pp");
        assertThat(best.locator("td[data-col='delta']")).hasText("+0.90 pp");
    }

    @Test
    void paretoChartDrawsTheTrialsTheFrontAndTheBaselinesOfTheSameDataset() {
        open("#/sweeps/" + sweeps.deit() + "/pareto", "pareto");
        Locator chart = page.locator("#pareto-chart");
        assertThat(chart).hasAttribute("data-trial-points", "6");
        assertThat(chart).hasAttribute("data-front-points", "3");
        // ImageNet baselines with a published parameter count: all 13 rows but COMCAT's two.
        assertThat(chart).hasAttribute("data-baseline-points", "11");
        assertThat(drawnPoints())
                .containsExactlyInAnyOrderEntriesOf(Map.of("trials", 6, "Pareto front", 3, "Published baselines", 11));
        assertThat(page.locator("#front-table tbody tr")).hasCount(3);
        HeadlessBrowser.screenshot(page, "pareto");

        page.locator("input[name='axis'][value='macs']").check();
        assertThat(chart).hasAttribute("data-front-points", "4");
        page.locator("#log-scale").check();
        assertThat(page.evaluate("() => echarts.getInstanceByDom(document.getElementById('pareto-chart'))"
                        + ".getOption().xAxis[0].type"))
                .isEqualTo("log");
        page.selectOption("#baseline-choice", "none");
        assertThat(chart).hasAttribute("data-baseline-points", "0");
        HeadlessBrowser.screenshot(page, "pareto-macs-log");
    }

    @Test
    void apiPageListsEveryOperationOfTheContractWithItsParameters() {
        open("#/api", "api");
        assertThat(page.locator("#api-operations li"))
                .hasCount(ContractSchemas.load().operations().size());
        Locator trials = page.locator("#op-listTrials");
        assertThat(trials.locator("h2")).hasText("GET /api/v1/sweeps/{id}/trials");
        assertThat(trials.locator("tbody tr")).hasCount(7);
        assertThat(trials).containsText("one of asc, desc");
        HeadlessBrowser.screenshot(page, "api");
    }

    @Test
    void trialPageShowsRanksAsAHeatmapAndTheArtifactChecksum() throws Exception {
        long trialId = trialIds(sweeps.deit()).get(1);
        open("#/trials/" + trialId, "sweeps");
        assertThat(page.locator("#rank-heatmap")).hasAttribute("data-layers", "4");
        assertThat(page.locator("#rank-table tbody tr").nth(1)).containsText("8 4 4 2".replace(" ", ""));
        assertThat(page.locator("#artifact-sha")).hasText("ab".repeat(32));
        assertThat(page.locator("#result-facts")).containsText("-0.80 pp");
        HeadlessBrowser.screenshot(page, "trial");
    }

    @Test
    void sweepWithSeveralSeedsShowsASummaryWithIntervalsAndWhetherEachRowIsWithinNoiseOfTheNext() {
        open("#/sweeps/" + sweeps.seeds(), "sweeps");
        Locator rows = page.locator("#summary-table tbody tr");
        assertThat(rows).hasCount(4);
        assertThat(page.locator("#summary-legend")).containsText("95 % confidence interval");
        assertThat(rows.evaluateAll("rows => rows.map(r => r.dataset.point).join(' ')"))
                .isEqualTo("dense-ft comcat-0.5@0.5 dense comcat-0.25@0.25");
        // dense-ft: mean 0.813, t(0.975, 2) · s / √3 = 4.303 · 0.004583 / 1.732 = 1.14 pp.
        assertThat(rows.nth(0).locator("td[data-col='top1']")).hasText("81.30% ± 1.14 pp");
        // comcat 0.5 − dense-ft per seed: −0.7, −0.3, −0.8 pp; mean −0.60 pp.
        assertThat(rows.nth(1).locator("td[data-col='delta-ft']")).containsText("-0.60 pp ±");
        assertThat(rows.nth(0)).containsText("within noise of comcat-0.5@0.5");
        assertThat(rows.nth(1)).containsText("separated from dense");
        assertThat(rows.nth(2)).containsText("separated from comcat-0.25@0.25");
        assertThat(rows.nth(2)).hasAttribute("data-noise", "separated");
        assertThat(rows.nth(3).locator("td.noise")).hasText("");
        assertThat(rows.nth(3)).containsText("3 / 3");
        assertThat(page.locator("#trial-table thead")).containsText("Δ vs dense-ft");
        HeadlessBrowser.screenshot(page, "sweep-summary");
        HeadlessBrowser.screenshotDownTo(page, page.locator("#seed-summary"), "sweep-summary-top");

        open("#/sweeps/" + sweeps.fashion(), "sweeps");
        assertThat(page.locator("#seed-summary")).hasAttribute("data-loaded", "true");
        assertThat(page.locator("#seed-summary")).isHidden();
        assertThat(page.locator("#summary-table")).hasCount(0);
    }

    @Test
    void sweepWithASchedulerShowsItsRungsDecisionsAndHypervolume() {
        try (RunningOrchestrator halving = RunningOrchestrator.start("dashboard-rungs", 5948, database -> {})) {
            StoredSweep sweep = HalvingRun.run(halving, HalvingRun.spec("rungs", "asha"));
            List<StoredSchedulerEvent> history = new JdbcSchedulerEventRepository(halving.database()).list(sweep.id());
            long reports = history.stream()
                    .filter(e -> e.event() instanceof AshaEvent.Reported)
                    .count();
            long promotions = history.stream()
                    .filter(e -> e.event() instanceof AshaDecision.Promoted)
                    .count();
            long completed = history.stream()
                    .filter(e -> e.event() instanceof AshaDecision.Completed)
                    .count();
            long pruned = history.stream()
                    .filter(e -> e.event() instanceof AshaDecision.Pruned)
                    .count();

            page.navigate(halving.base() + "#/sweeps/" + sweep.id());
            page.waitForSelector("main[data-ready='true'][data-page='sweeps']");
            assertThat(page.locator("#rungs")).hasAttribute("data-loaded", "true");
            Locator chart = page.locator("#rung-chart-0");
            assertThat(chart).hasAttribute("data-rung-points", String.valueOf(reports));
            assertThat(chart).hasAttribute("data-promotions", String.valueOf(promotions));
            assertThat(page.evaluate("() => echarts.getInstanceByDom(document.getElementById('rung-chart-0'))"
                            + ".getOption().series.filter(s => s.type === 'scatter')"
                            + ".reduce((sum, s) => sum + s.data.length, 0)"))
                    .isEqualTo((int) reports);
            assertThat(page.locator("#rungs .rung-table")).hasCount(3);
            assertThat(page.locator("#decisions-table tbody tr")).hasCount(history.size() - (int) reports);
            assertThat(page.locator("#decisions-table tbody tr[data-kind='Promoted']"))
                    .hasCount((int) promotions);
            assertThat(page.locator("#decisions-table tbody tr[data-kind='Pruned']"))
                    .hasCount((int) pruned);
            assertThat(page.locator("#hypervolume-chart")).hasAttribute("data-points", String.valueOf(completed));
            // Pruned trials stand apart from completed ones in the trial table.
            assertThat(page.locator("#trial-table tr[data-state='PRUNED'] td[data-col='state'] .state.PRUNED"))
                    .hasCount((int) pruned);
            assertThat(page.locator("#trial-table tr[data-state='COMPLETED'] td[data-col='state'] .state.COMPLETED"))
                    .hasCount((int) completed);
            assertThat(page.evaluate("() => getComputedStyle(document.querySelector("
                            + "\"#trial-table .state.PRUNED\")).borderTopStyle"))
                    .isEqualTo("dotted");
            HeadlessBrowser.screenshot(page, "sweep-rungs");

            // Leave the page (and its event stream) before that orchestrator stops; a sweep without a scheduler
            // has no rungs view and never asks for one.
            open("#/sweeps/" + sweeps.fashion(), "sweeps");
            assertThat(page.locator("#trial-table")).isVisible();
            assertThat(page.locator("#rungs")).hasCount(0);
        }
    }

    @Test
    void customizationSweepShowsItsMethodsAgainstTheReferencesAndEverySampleGrid(@TempDir Path artifacts)
            throws Exception {
        CustomizationData.Seeded[] seeded = new CustomizationData.Seeded[1];
        try (RunningOrchestrator custom = RunningOrchestrator.start(
                "dashboard-customization", 5944, database -> seeded[0] = CustomizationData.seed(database, artifacts))) {
            CustomizationData.Seeded sweep = seeded[0];
            page.navigate(custom.base() + "#/sweeps/" + sweep.sweep());
            page.waitForSelector("main[data-ready='true'][data-page='sweeps']");
            Locator section = page.locator("#customization");
            assertThat(section).hasAttribute("data-loaded", "true");
            assertThat(page.locator("#seed-summary")).hasCount(0);
            assertThat(page.locator("#customization-judge"))
                    .containsText("has " + fixed(CustomizationData.JUDGE_TOP1 * 100, 2) + "% top-1 on the test split");

            Map<String, List<CustomizationResult>> groups = new LinkedHashMap<>();
            for (CustomizationData.Trial trial : sweep.completed()) {
                groups.computeIfAbsent(methodName(trial.method(), trial.result().rank()), key -> new ArrayList<>())
                        .add(trial.result());
            }
            Locator rows = page.locator("#customization-table tbody tr");
            assertThat(rows).hasCount(groups.size());
            double customDiffusionStep = mean(groups.get("custom-diffusion"), CustomizationResult::secondsPerStep);
            double fullStep = mean(groups.get("full"), CustomizationResult::secondsPerStep);
            double customDiffusionBytes = groups.get("custom-diffusion").get(0).deltaBytes();
            double fullBytes = groups.get("full").get(0).deltaBytes();
            int index = 0;
            for (Map.Entry<String, List<CustomizationResult>> group : groups.entrySet()) {
                List<CustomizationResult> results = group.getValue();
                CustomizationResult first = results.get(0);
                Locator row = rows.nth(index++);
                double step = mean(results, CustomizationResult::secondsPerStep);
                assertThat(row.locator("th")).hasText(group.getKey().replaceAll(" r\\d+$", ""));
                assertThat(cell(row, "rank")).hasText(first.rank() > 0 ? String.valueOf(first.rank()) : "–");
                assertThat(cell(row, "completed")).hasText(String.valueOf(results.size()));
                assertThat(cell(row, "seconds-per-step"))
                        .hasText(fixed(step * 1000, 1) + " ± "
                                + fixed(halfWidth(results, CustomizationResult::secondsPerStep) * 1000, 1) + " ms");
                assertThat(cell(row, "bytes")).hasText(String.format(Locale.ROOT, "%,d B", first.deltaBytes()));
                assertThat(cell(row, "speedup-cd")).hasText(fixed(customDiffusionStep / step, 2) + "×");
                assertThat(cell(row, "speedup-full")).hasText(fixed(fullStep / step, 2) + "×");
                assertThat(cell(row, "storage-cd")).hasText(fixed(customDiffusionBytes / first.deltaBytes(), 2) + "×");
                assertThat(cell(row, "storage-full")).hasText(fixed(fullBytes / first.deltaBytes(), 2) + "×");
                assertThat(cell(row, "fidelity")).hasText(shares(results, CustomizationResult::fidelity));
                assertThat(cell(row, "retention")).hasText(shares(results, CustomizationResult::retention));
                assertThat(cell(row, "frechet"))
                        .hasText(fixed(mean(results, CustomizationResult::frechetDistance), 2) + " ± "
                                + fixed(halfWidth(results, CustomizationResult::frechetDistance), 2));
            }

            Locator images = page.locator("#customization-samples img");
            assertThat(images).hasCount(sweep.completed().size());
            page.waitForFunction("() => [...document.querySelectorAll('#customization-samples img')]"
                    + ".every(image => image.complete && image.naturalWidth > 0)");
            for (CustomizationData.Trial trial : sweep.completed()) {
                CustomizationResult result = trial.result();
                String name = methodName(trial.method(), result.rank());
                String word = ConceptClasses.word(result.concept());
                Locator figure = page.locator("#customization-samples figure[data-trial-id='" + trial.id() + "']");
                Locator image = figure.locator("img");
                assertThat(image.evaluate("image => image.naturalWidth")).isEqualTo(CustomizationData.GRID_WIDTH);
                assertThat(image.evaluate("image => image.naturalHeight")).isEqualTo(CustomizationData.GRID_HEIGHT);
                assertThat(image)
                        .hasAttribute(
                                "alt",
                                "64 samples of \"a photo of a v*\" after " + name + " learned the concept " + word
                                        + ", seed " + trial.seed());
                assertThat(figure.locator("figcaption"))
                        .hasText(name + " · " + word + " · seed " + trial.seed() + " · fidelity "
                                + fixed(result.fidelity() * 100, 1) + "%");
                assertThat(figure.locator("xpath=ancestor::section[@data-concept]"))
                        .hasAttribute("data-concept", String.valueOf(result.concept()));
            }
            CustomizationData.Trial pending = sweep.pending().get(0);
            assertThat(page.locator("#samples-waiting")).containsText(pending.label() + " seed " + pending.seed());
            // Its trial table names fidelity and trained parameters, and has no compression columns.
            assertThat(page.locator("#trial-table thead th")).containsText(new String[] {
                "#", "Label", "Method", "Seed", "State", "Attempts", "Latest metric", "Fidelity", "Trained params"
            });
            // Its header offers neither a Pareto plot nor a top-1 leaderboard of fidelities, and the Pareto page,
            // reached by its address, says why and links back.
            String pareto = "#/sweeps/" + sweep.sweep() + "/pareto";
            assertThat(page.locator("a[href='" + pareto + "']")).hasCount(0);
            assertThat(page.locator("a[href='#/leaderboard?sweep=" + sweep.sweep() + "']"))
                    .hasCount(0);
            assertThat(unlabelledControls()).isEmpty();
            HeadlessBrowser.screenshot(page, "sweep-customization");
            HeadlessBrowser.screenshotDownTo(page, page.locator("#customization-table"), "sweep-customization-top");

            // A grid links to its trial, whose page renders a customization result too.
            page.locator("#customization-samples figure a").first().click();
            page.waitForSelector("main[data-ready='true'] #result-title");
            assertThat(page.locator("#page-title"))
                    .containsText(sweep.completed().get(0).label());
            CustomizationResult first = sweep.completed().get(0).result();
            assertThat(page.locator("#fidelity")).hasText(fixed(first.fidelity() * 100, 1) + "%");
            assertThat(page.locator("#retention")).hasText(fixed(first.retention() * 100, 1) + "%");
            assertThat(page.locator("#delta-bytes"))
                    .hasText(String.format(java.util.Locale.ROOT, "%,d B", first.deltaBytes()));
            assertThat(page.locator("#training-time"))
                    .hasText(fixed(first.trainingSeconds(), 1) + " s, " + fixed(first.secondsPerStep() * 1000, 1)
                            + " ms per step");
            page.waitForFunction("() => { const image = document.querySelector('#trial-samples img');"
                    + " return image && image.complete && image.naturalWidth > 0; }");
            assertThat(page.locator("#trial-samples img").evaluate("image => image.naturalWidth"))
                    .isEqualTo(CustomizationData.GRID_WIDTH);
            assertThat(unlabelledControls()).isEmpty();

            page.navigate(custom.base() + pareto);
            page.waitForSelector("main[data-ready='true'][data-page='pareto']");
            assertThat(page.locator("#pareto-note")).containsText("customizes a generator");
            assertThat(page.locator("#pareto-chart")).hasCount(0);
            page.locator("#pareto-note a").click();
            page.waitForSelector("main[data-ready='true'][data-page='sweeps'] #customization[data-loaded='true']");

            // Leave that orchestrator before it stops; a compression sweep has no customization section and
            // offers its Pareto plot.
            open("#/sweeps/" + sweeps.fashion(), "sweeps");
            assertThat(page.locator("#seed-summary")).hasAttribute("data-loaded", "true");
            assertThat(page.locator("#customization")).hasCount(0);
            assertThat(page.locator("a[href='#/sweeps/" + sweeps.fashion() + "/pareto']"))
                    .hasCount(1);
        }
    }

    @Test
    void trialPageDrawsTheBaseModelsSpectrumOnlyWhenTheTrialRecordedOne() throws Exception {
        long withSpectrum = trialIds(sweeps.seeds()).get(2);
        open("#/trials/" + withSpectrum, "sweeps");
        Locator chart = page.locator("#spectrum-chart");
        assertThat(chart).hasAttribute("data-blocks", String.valueOf(DashboardData.BLOCKS));
        assertThat(page.locator("#spectrum-explain")).containsText("Low means compressible");
        assertThat(page.locator("#spectrum-explain")).containsText("d_h (= 24)");
        assertThat(page.locator("#spectrum-table tbody tr")).hasCount(DashboardData.BLOCKS);
        // Block 2: Q·K mean 4 + 2, max 7 + 2.
        assertThat(page.locator("#spectrum-table tbody tr").nth(2).locator("td").nth(0))
                .hasText("6.0");
        assertThat(page.locator("#spectrum-table tbody tr").nth(2).locator("td").nth(1))
                .hasText("9.0");
        assertThat(page.evaluate("() => echarts.getInstanceByDom(document.getElementById('spectrum-chart'))"
                        + ".getOption().series.length"))
                .isEqualTo(8);
        assertThat(page.locator("#result-facts")).containsText("Δ vs dense-ft");
        assertThat(page.locator("#delta-ft")).hasText("-0.70 pp");
        assertThat(page.locator("#delta-dense")).hasText("+0.50 pp");
        page.locator("#spectrum-title").scrollIntoViewIfNeeded();
        HeadlessBrowser.screenshot(page, "trial-spectrum");
        chart.screenshot(
                new Locator.ScreenshotOptions().setPath(HeadlessBrowser.SCREENSHOTS.resolve("spectrum-chart.png")));

        open("#/trials/" + trialIds(sweeps.deit()).get(1), "sweeps");
        assertThat(page.locator("#rank-heatmap")).hasAttribute("data-layers", "4");
        assertThat(page.locator("#spectrum-chart")).hasCount(0);
        assertThat(page.locator("#spectrum-title")).hasCount(0);
    }

    @Test
    void aSubmittedSweepsTableUpdatesLiveFromTheEventStreamWithoutReload() throws Exception {
        open("#/submit", "submit");
        page.fill("#spec", """
                name: live-test
                controls: {denseFt: false}   # the control trial is not what this test is about
                dataset: {name: synthetic, heldOut: 64, trainLimit: 256, testLimit: 64}
                model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 64}}}
                methods:
                  - {name: dense}
                  - {name: comcat, budget: [0.5]}
                finetune: {epochs: 2}
                """);
        page.click("#submit-button");
        page.waitForURL(url -> url.matches(".*#/sweeps/\\d+.*"));
        page.waitForSelector("main[data-ready='true'][data-page='sweeps'] #trial-rows tr[data-trial-id]");
        assertThat(page.locator("#trial-rows tr")).hasCount(2);
        page.waitForSelector("body[data-sse='open']");
        page.evaluate("() => window.sameDocument = true");

        long sweepId = Long.parseLong(page.url().replaceAll(".*#/sweeps/(\\d+).*", "$1"));
        TrialId comcat = new TrialId(trialIdOf(sweepId, "comcat"));
        Locator row = page.locator("tr[data-trial-id='" + comcat + "']");
        orchestrator.startAttempt(comcat, 1);
        assertThat(row.locator("td[data-col='state']")).hasText("RUNNING");
        orchestrator.recordMetric(comcat, 1, 1, 0.805);
        assertThat(row.locator("td[data-col='live']")).containsText("finetune epoch 1: heldout top1 80.50%");
        orchestrator.complete(comcat, 1, 0.81, 60_000, 3_000_000);
        assertThat(row.locator("td[data-col='state']")).hasText("COMPLETED");
        assertThat(row.locator("td[data-col='top1']")).hasText("81.00%");
        assertThat(page.locator("#sweep-header progress")).hasAttribute("value", "1");
        assertThat(page.evaluate("() => window.sameDocument === true")).isEqualTo(true);
        HeadlessBrowser.screenshot(page, "sweep-live");

        row.locator("td[data-col='label'] a").click();
        assertThat(page.locator("#curves-chart")).isVisible();
        assertThat(page.locator("#no-ranks")).isVisible();
    }

    @Test
    void submitPageShowsEachProblemNextToItsLine() {
        open("#/submit", "submit");
        page.fill("#spec", """
                name: bad-spec
                dataset: {name: synthetic}
                model:
                  arch: vit-tiny-fmnist
                  base:
                    train: {epochs: 1, lr: 1.0e-3, batch: 64}
                methods:
                  - {name: comcat, budget: [0.5, 7]}
                finetune:
                  epochs: -3
                bogus_key: 1
                """);
        page.click("#submit-button");
        Locator annotated = page.locator("#annotated-spec");
        assertThat(annotated.locator("li[data-line='11'] .message")).containsText("bogus_key: unknown key");
        assertThat(annotated.locator("li[data-line='10'] .message")).containsText("finetune.epochs");
        assertThat(annotated.locator("li[data-line='8'] .message")).containsText("methods[0].budget");
        assertThat(annotated.locator("li.has-problem")).hasCount(3);
        assertThat(page.locator("#problems-title")).isFocused();
        HeadlessBrowser.screenshot(page, "submit-problems");

        page.locator("#problem-list a").first().click();
        assertThat(page.locator("#spec")).isFocused();
    }

    @Test
    void pagesWorkFromTheKeyboardAndEveryControlHasALabel() throws Exception {
        open("#/sweeps/" + sweeps.deit(), "sweeps");
        page.keyboard().press("Tab");
        assertThat(page.locator("#skip-link")).isFocused();
        page.keyboard().press("Tab");
        assertThat(page.locator("nav a[data-nav='sweeps']")).isFocused();
        assertThat(page.locator("nav a[data-nav='sweeps']")).hasAttribute("aria-current", "page");

        page.locator("th button[data-sort='top1']").focus();
        page.keyboard().press("Enter");
        assertThat(page.locator("th:has(button[data-sort='top1'])")).hasAttribute("aria-sort", "descending");
        assertThat(page.locator("#trial-rows tr").first().locator("td[data-col='top1']"))
                .hasText("79.80%");
        assertThat(page.locator("th button[data-sort='top1']")).isFocused();
        assertThat(unlabelledControls()).isEmpty();

        for (String route : List.of("#/leaderboard", "#/sweeps/" + sweeps.deit() + "/pareto", "#/submit")) {
            open(route, null);
            assertThat(unlabelledControls()).as(route).isEmpty();
        }
        page.locator("nav a[data-nav='leaderboard']").focus();
        page.keyboard().press("Enter");
        page.waitForSelector("main[data-ready='true'][data-page='leaderboard']");
        assertThat(page.locator("#page-title")).isFocused();
    }

    private static Locator cell(Locator row, String column) {
        return row.locator("td[data-col='" + column + "']");
    }

    /** How the page names a method at a rank: "lora r2", or the bare name without one. */
    private static String methodName(String method, int rank) {
        return rank > 0 ? method + " r" + rank : method;
    }

    /** A share's mean and half-width as the page prints them: "70.0% ± 5.6 pp". */
    private static String shares(List<CustomizationResult> results, ToDoubleFunction<CustomizationResult> value) {
        return fixed(mean(results, value) * 100, 1) + "% ± " + fixed(halfWidth(results, value) * 100, 1) + " pp";
    }

    /** JavaScript's toFixed for a positive number: the exact binary value rounded half up. */
    private static String fixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    private static double mean(List<CustomizationResult> results, ToDoubleFunction<CustomizationResult> value) {
        return results.stream().mapToDouble(value).sum() / results.size();
    }

    /** t(0.975, n − 1) · s / √n, with the quantiles of a t table for the 3 and 4 values a row has here. */
    private static double halfWidth(List<CustomizationResult> results, ToDoubleFunction<CustomizationResult> value) {
        int n = results.size();
        double quantile = Map.of(3, 4.302652729911275, 4, 3.182446305284263).get(n);
        double mean = mean(results, value);
        double squares = results.stream()
                .mapToDouble(result -> Math.pow(value.applyAsDouble(result) - mean, 2))
                .sum();
        return quantile * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
    }

    private void open(String route, String pageName) {
        page.navigate(orchestrator.base() + route);
        page.waitForSelector("main[data-ready='true']" + (pageName == null ? "" : "[data-page='" + pageName + "']"));
    }

    /** How many points the chart draws: all method series summed as "trials", the others by name. */
    private Map<String, Integer> drawnPoints() {
        @SuppressWarnings("unchecked")
        List<List<Object>> series = (List<List<Object>>) page.evaluate("() => echarts.getInstanceByDom("
                + "document.getElementById('pareto-chart')).getOption().series.map(s => [s.name, s.data.length])");
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (List<Object> entry : series) {
            String name = (String) entry.get(0);
            String key = name.equals("Pareto front") || name.equals("Published baselines") ? name : "trials";
            counts.merge(key, ((Number) entry.get(1)).intValue(), Integer::sum);
        }
        return counts;
    }

    @SuppressWarnings("unchecked")
    private List<String> unlabelledControls() {
        return (List<String>)
                page.evaluate("() => [...document.querySelectorAll('main input, main select, main textarea')]"
                        + ".filter(c => c.type !== 'hidden' && c.labels.length === 0 && !c.getAttribute('aria-label'))"
                        + ".map(c => c.outerHTML)");
    }

    private static long trialIdOf(Object sweepId, String method) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(orchestrator.base().resolve("api/v1/sweeps/" + sweepId + "/trials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode trial : Json.mapper().readTree(response.body())) {
            if (trial.get("method").asText().equals(method)) {
                return trial.get("id").asLong();
            }
        }
        throw new AssertionError("sweep " + sweepId + " has no " + method + " trial");
    }

    private static List<Long> trialIds(Object sweepId) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(orchestrator.base().resolve("api/v1/sweeps/" + sweepId + "/trials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<Long> ids = new ArrayList<>();
        for (JsonNode trial : Json.mapper().readTree(response.body())) {
            ids.add(trial.get("id").asLong());
        }
        return ids;
    }
}
