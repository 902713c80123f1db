package org.ranksweep.worker.checkpoint;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.json.Json;
import org.ranksweep.worker.model.VitFactory;

/**
 * Exports a completed trial's model from its artifact directory ({@code plan.json} with the plan and ranks,
 * {@code summary.json} naming the parameter file, the DJL parameters) as safetensors via {@link CheckpointExport}.
 * Thread-safe (stateless).
 */
public final class TrialExport {

    private TrialExport() {}

    /** Loads the trial's model and writes it to {@code target}; {@code extra} is added to the metadata. */
    public static void export(Path artifactDirectory, Path target, Map<String, String> extra) throws IOException {
        Path planFile = artifactDirectory.resolve("plan.json");
        Path summaryFile = artifactDirectory.resolve("summary.json");
        if (!Files.isRegularFile(planFile) || !Files.isRegularFile(summaryFile)) {
            throw new NotFoundException("artifact directory " + artifactDirectory + " has no plan.json and "
                    + "summary.json (was it deleted or written on another machine?)");
        }
        JsonNode planJson = Json.mapper().readTree(Files.readString(planFile));
        JsonNode summary = Json.mapper().readTree(Files.readString(summaryFile));
        ModelPlan plan;
        Map<String, Object> ranks;
        if (!planJson.hasNonNull("plan")) {
            throw new RankSweepException(planFile + ": no plan");
        }
        try {
            plan = Json.mapper().treeToValue(planJson.get("plan"), ModelPlan.class);
            ranks = planJson.hasNonNull("ranks")
                    ? Json.mapper()
                            .convertValue(
                                    planJson.get("ranks"),
                                    Json.mapper()
                                            .getTypeFactory()
                                            .constructMapType(LinkedHashMap.class, String.class, Object.class))
                    : Map.of();
        } catch (IOException | IllegalArgumentException e) {
            throw new RankSweepException(planFile + ": not a RankSweep plan: " + Failures.describe(e), e);
        }
        String paramsFile = summary.path("paramsFile").asText("");
        if (paramsFile.isEmpty()) {
            throw new RankSweepException(summaryFile + ": no paramsFile");
        }
        String prefix = paramsFile.replaceFirst("(-\\d{4})?\\.params$", "");
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.putIfAbsent(
                "ranksweep.paramsSha256", summary.path("paramsSha256").asText(""));
        try (Model model = VitFactory.load("export", plan, artifactDirectory, prefix)) {
            CheckpointExport.write(model, plan, ranks, metadata, target);
        }
    }
}
