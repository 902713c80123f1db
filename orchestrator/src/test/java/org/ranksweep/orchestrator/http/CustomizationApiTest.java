package org.ranksweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.orchestrator.testing.CustomizationData;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;
import org.ranksweep.orchestrator.testing.SeedTrial;
import org.ranksweep.orchestrator.testing.TrialSeeder;

/**
 * {@code GET /api/v1/sweeps/{id}/customization} and {@code GET /api/v1/trials/{id}/samples.png} on the customization
 * sweep of {@link CustomizationData}, beside a compression sweep: every expected number is computed here from the
 * seeded measurements.
 */
class CustomizationApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ContractSchemas CONTRACT = ContractSchemas.load();
    /** Student's t, 97.5 % quantiles with 2 and 3 degrees of freedom, as printed in t tables. */
    private static final Map<Integer, Double> T_975 = Map.of(3, 4.302652729911275, 4, 3.182446305284263);

    @TempDir
    static Path artifacts;

    private static RunningOrchestrator orchestrator;
    private static CustomizationData.Seeded customization;
    private static SweepId compression;

    @BeforeAll
    static void start() {
        Object[] seeded = new Object[2];
        orchestrator = RunningOrchestrator.start("customization-api", 5935, database -> {
            seeded[0] = CustomizationData.seed(database, artifacts);
            seeded[1] = new TrialSeeder(database)
                    .seed(
                            "compress",
                            "fashion-mnist",
                            "vit-tiny-fmnist",
                            List.of(SeedTrial.completed("dense", null, 0, 0.85, 72_000, 4_000_000)));
        });
        customization = (CustomizationData.Seeded) seeded[0];
        compression = (SweepId) seeded[1];
    }

    @AfterAll
    static void stop() {
        orchestrator.close();
    }

    @Test
    void theSummaryPerMethodAndRankIsTheMeansIntervalsAndRatiosOfTheSeededMeasurements() throws Exception {
        HttpResponse<String> response = send("api/v1/sweeps/" + customization.sweep() + "/customization", 200);
        assertThat(CONTRACT.validateBody(
                        "GET", "/api/v1/sweeps/{id}/customization", 200, "application/json", response.body()))
                .isEmpty();
        JsonNode methods = json(response).get("methods");
        assertThat(json(response).get("judgeTop1").asDouble()).isEqualTo(CustomizationData.JUDGE_TOP1);

        Map<String, List<CustomizationResult>> groups = new LinkedHashMap<>();
        for (CustomizationData.Trial trial : customization.completed()) {
            groups.computeIfAbsent(trial.method() + "/" + trial.result().rank(), key -> new ArrayList<>())
                    .add(trial.result());
        }
        assertThat(groups.keySet()).containsExactly("full/0", "custom-diffusion/0", "lora/2", "comcat-adapter/2");
        assertThat(methods).hasSize(groups.size());
        List<CustomizationResult> customDiffusion = groups.get("custom-diffusion/0");
        List<CustomizationResult> full = groups.get("full/0");
        int row = 0;
        for (Map.Entry<String, List<CustomizationResult>> group : groups.entrySet()) {
            JsonNode summary = methods.get(row++);
            List<CustomizationResult> results = group.getValue();
            assertThat(summary.get("method").asText() + "/"
                            + summary.get("rank").asInt())
                    .isEqualTo(group.getKey());
            assertThat(summary.get("completed").asInt()).isEqualTo(results.size());
            assertThat(summary.get("deltaBytes").asDouble())
                    .isEqualTo(results.get(0).deltaBytes())
                    .isEqualTo(4.0 * results.get(0).trainedParams() + 188);
            assertThat(summary.get("trainedParams").asLong())
                    .isEqualTo(results.get(0).trainedParams());
            assertInterval(summary.get("secondsPerStep"), results, CustomizationResult::secondsPerStep);
            assertInterval(summary.get("fidelity"), results, CustomizationResult::fidelity);
            assertInterval(summary.get("retention"), results, CustomizationResult::retention);
            assertInterval(summary.get("frechetDistance"), results, CustomizationResult::frechetDistance);

            double secondsPerStep = mean(results, CustomizationResult::secondsPerStep);
            double bytes = mean(results, CustomizationResult::deltaBytes);
            assertThat(summary.get("speedupVsCustomDiffusion").asDouble())
                    .isCloseTo(
                            mean(customDiffusion, CustomizationResult::secondsPerStep) / secondsPerStep, within(1e-12));
            assertThat(summary.get("speedupVsFull").asDouble())
                    .isCloseTo(mean(full, CustomizationResult::secondsPerStep) / secondsPerStep, within(1e-12));
            assertThat(summary.get("storageVsCustomDiffusion").asDouble())
                    .isCloseTo(mean(customDiffusion, CustomizationResult::deltaBytes) / bytes, within(1e-12));
            assertThat(summary.get("storageVsFull").asDouble())
                    .isCloseTo(mean(full, CustomizationResult::deltaBytes) / bytes, within(1e-12));
        }
        // The references against themselves, and one ratio by hand: full stores 4 · 300,000 + 188 bytes, COMCAT's
        // rank-2 branches 4 · 17,280 + 188.
        assertThat(methods.get(1).get("speedupVsCustomDiffusion").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(methods.get(0).get("storageVsFull").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(methods.get(3).get("storageVsFull").asDouble()).isCloseTo(1_200_188.0 / 69_308.0, within(1e-12));
    }

    @Test
    void everyTrialIsListedInPlanOrderAndOnlyCompletedOnesHaveASamplesUrl() throws Exception {
        JsonNode trials = json(send("api/v1/sweeps/" + customization.sweep() + "/customization", 200))
                .get("trials");
        assertThat(trials).hasSize(customization.trials().size()).hasSize(16);
        for (int index = 0; index < trials.size(); index++) {
            JsonNode listed = trials.get(index);
            CustomizationData.Trial seeded = customization.trials().get(index);
            assertThat(listed.get("trialId").asLong()).isEqualTo(seeded.id().value());
            assertThat(listed.get("label").asText()).isEqualTo(seeded.label());
            assertThat(listed.get("seed").asLong()).isEqualTo(seeded.seed());
            if (seeded.result() == null) {
                assertThat(listed.get("result").isNull()).isTrue();
                assertThat(listed.get("samplesUrl").isNull()).isTrue();
                assertThat(listed.get("state").asText()).isIn("PENDING", "QUEUED");
            } else {
                assertThat(Json.read(listed.get("result").toString(), CustomizationResult.class))
                        .isEqualTo(seeded.result());
                assertThat(listed.get("samplesUrl").asText())
                        .isEqualTo("/api/v1/trials/" + seeded.id().value() + "/samples.png");
                assertThat(listed.get("state").asText()).isEqualTo("COMPLETED");
            }
        }
        assertThat(customization.pending())
                .extracting(CustomizationData.Trial::label)
                .containsExactly("comcat-adapter-r2.ankle-boot");
    }

    @Test
    void samplesPngIsExactlyTheFileInTheTrialsArtifactDirectory() throws Exception {
        for (CustomizationData.Trial trial : customization.completed()) {
            HttpResponse<byte[]> png = HTTP.send(
                    HttpRequest.newBuilder(URI.create(orchestrator.base() + "api/v1/trials/"
                                    + trial.id().value() + "/samples.png"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(png.body()).isEqualTo(Files.readAllBytes(trial.samples()));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(image.getWidth()).isEqualTo(CustomizationData.GRID_WIDTH);
            assertThat(image.getHeight()).isEqualTo(CustomizationData.GRID_HEIGHT);
        }
        assertThat(Files.readAllBytes(customization.completed().get(0).samples()))
                .isNotEqualTo(
                        Files.readAllBytes(customization.completed().get(1).samples()));
    }

    @Test
    void aTrialWithoutAGridAnswers404WithAProblem() throws Exception {
        long compressionTrial = json(send("api/v1/sweeps/" + compression + "/trials", 200))
                .get(0)
                .get("id")
                .asLong();
        HttpResponse<String> notCustomization = send("api/v1/trials/" + compressionTrial + "/samples.png", 404);
        assertProblem(notCustomization, "is not a customization trial");

        long pending = customization.pending().get(0).id().value();
        assertProblem(send("api/v1/trials/" + pending + "/samples.png", 404), "has no result yet");
    }

    @Test
    void theSweepSaysWhetherItIsACustomizationSweep() throws Exception {
        HttpResponse<String> custom = send("api/v1/sweeps/" + customization.sweep(), 200);
        assertThat(json(custom).get("customization").asBoolean()).isTrue();
        assertThat(CONTRACT.validateBody("GET", "/api/v1/sweeps/{id}", 200, "application/json", custom.body()))
                .isEmpty();
        assertThat(json(send("api/v1/sweeps/" + compression, 200))
                        .get("customization")
                        .asBoolean())
                .isFalse();
        // A compression sweep's customization view has no methods and no results.
        JsonNode view = json(send("api/v1/sweeps/" + compression + "/customization", 200));
        assertThat(view.get("methods")).isEmpty();
        assertThat(view.get("trials").get(0).get("result").isNull()).isTrue();
        assertThat(view.get("judgeTop1").isNull()).isTrue();
    }

    @Test
    void customizationTrialsRankInTheirOwnSweepButNeverBesideCompressedModels() throws Exception {
        JsonNode across = json(send("api/v1/leaderboard", 200));
        assertThat(across).extracting(row -> row.get("method").asText()).containsOnly("dense");
        assertThat(json(send("api/v1/leaderboard/best", 200)))
                .extracting(row -> row.get("method").asText())
                .containsOnly("dense");
        JsonNode own = json(send("api/v1/leaderboard?sweep=" + customization.sweep(), 200));
        assertThat(own).hasSize(customization.trials().size());
        for (JsonNode row : own) {
            if (!row.get("top1").isNull()) {
                assertThat(row.get("top1").asDouble())
                        .isEqualTo(row.get("customization").get("fidelity").asDouble());
            }
        }
    }

    private static void assertProblem(HttpResponse<String> response, String detail) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(CONTRACT.validateBody(
                        "GET", "/api/v1/trials/{id}/samples.png", 404, "application/problem+json", response.body()))
                .isEmpty();
        assertThat(json(response).get("status").asInt()).isEqualTo(404);
        assertThat(json(response).get("detail").asText()).contains(detail);
    }

    /** Mean and t-interval half-width, computed here from the values. */
    private static void assertInterval(
            JsonNode interval, List<CustomizationResult> results, ToDoubleFunction<CustomizationResult> value) {
        int n = results.size();
        double mean = mean(results, value);
        double squares = results.stream()
                .mapToDouble(result -> Math.pow(value.applyAsDouble(result) - mean, 2))
                .sum();
        double halfWidth = T_975.get(n) * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
        assertThat(interval.get("n").asInt()).isEqualTo(n);
        assertThat(interval.get("mean").asDouble()).isCloseTo(mean, within(1e-12));
        assertThat(interval.get("halfWidth").asDouble()).isCloseTo(halfWidth, within(1e-9));
    }

    private static double mean(List<CustomizationResult> results, ToDoubleFunction<CustomizationResult> value) {
        return results.stream().mapToDouble(value).sum() / results.size();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> send(String path, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(orchestrator.base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(status);
        return response;
    }
}
