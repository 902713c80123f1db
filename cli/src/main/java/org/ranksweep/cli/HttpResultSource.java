package org.ranksweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ResultSource} over the orchestrator's HTTP API. Not thread-safe. */
final class HttpResultSource implements ResultSource {

    private static final int SWEEP_SCAN_LIMIT = 1000;
    private final ApiClient client;

    HttpResultSource(ApiClient client) {
        this.client = client;
    }

    @Override
    public JsonNode sweep(long sweepId) {
        return client.get("api/v1/sweeps/" + sweepId);
    }

    @Override
    public Optional<JsonNode> latestSweepNamed(String name) {
        for (JsonNode sweep : client.get("api/v1/sweeps?limit=" + SWEEP_SCAN_LIMIT)) {
            if (name.equals(sweep.path("name").asText())) {
                return Optional.of(sweep);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<JsonNode> trials(long sweepId) {
        return list(client.get("api/v1/sweeps/" + sweepId + "/trials"));
    }

    @Override
    public JsonNode trial(long trialId) {
        return client.get("api/v1/trials/" + trialId);
    }

    @Override
    public List<JsonNode> baselines(String model) {
        return list(client.get("api/v1/baselines" + (model == null ? ""
                : "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8))));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    @Override
    public void close() {
        // HTTP requests hold nothing open between calls.
    }
}
