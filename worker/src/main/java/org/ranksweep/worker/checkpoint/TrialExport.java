package org.ranksweep.worker.checkpoint;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.json.Json;
import org.ranksweep.worker.data.Preprocessing;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.Digests;

/**
 * Exports a completed trial's model from its artifact directory ({@code plan.json} with the plan, ranks and
 * preprocessing, {@code summary.json} naming the parameter file, the DJL parameters) as safetensors via
 * {@link CheckpointExport}, with {@code config.json} ({@link ExportConfig}) beside it. Thread-safe (stateless).
 */
public final class TrialExport {

    /** The name of the file written beside the export, as in a Hugging Face timm model directory. */
    public static final String CONFIG_FILE = "config.json";

    private TrialExport() {}

    /**
     * Loads the trial's model and writes it to {@code target}, and its {@link #CONFIG_FILE} into the same directory
     * (replacing one there); {@code extra} is added to the metadata.
     */
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
        Preprocessing preprocessing = preprocessing(planFile, planJson);
        String paramsFile = summary.path("paramsFile").asText("");
        if (paramsFile.isEmpty()) {
            throw new RankSweepException(summaryFile + ": no paramsFile");
        }
        String recorded = summary.path("paramsSha256").asText("");
        Path params = artifactDirectory.resolve(paramsFile);
        if (!Digests.matches(params, recorded)) {
            throw new RankSweepException(params + " does not match the SHA-256 " + recorded + " that " + summaryFile
                    + " recorded when the trial wrote it: the file changed since; run the trial again with --rerun");
        }
        String prefix = paramsFile.replaceFirst("(-\\d{4})?\\.params$", "");
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.putIfAbsent("ranksweep.paramsSha256", recorded);
        metadata.put(
                CheckpointExport.PRETRAINED_CONFIG_KEY,
                Json.write(ExportConfig.pretrainedConfig(plan.shape(), preprocessing)));
        try (Model model = VitFactory.load("export", plan, artifactDirectory, prefix)) {
            CheckpointExport.write(model, plan, ranks, metadata, target);
        }
        Map<String, Object> config = ExportConfig.config(
                plan.shape(), preprocessing, target.getFileName().toString());
        Files.writeString(configFile(target), Json.write(config), StandardCharsets.UTF_8);
    }

    /** Where {@link #export} writes the config of an export to {@code target}. */
    public static Path configFile(Path target) {
        return target.toAbsolutePath().resolveSibling(CONFIG_FILE);
    }

    /** The preprocessing the trial recorded; artifact directories written before it was recorded have none. */
    private static Preprocessing preprocessing(Path planFile, JsonNode planJson) {
        if (!planJson.hasNonNull("preprocessing")) {
            throw new RankSweepException(planFile + ": no preprocessing (the normalisation mean and std the model was "
                    + "trained with), which trials completed before RankSweep recorded it lack: run the trial's spec "
                    + "again with --rerun (ranksweep submit --rerun or ranksweep local --rerun; an identical completed "
                    + "trial is otherwise reused as it is) and export the new trial");
        }
        try {
            return Json.mapper().treeToValue(planJson.get("preprocessing"), Preprocessing.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new RankSweepException(planFile + ": preprocessing is not valid: " + e.getMessage(), e);
        }
    }
}
