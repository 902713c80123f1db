package org.ranksweep.worker.run;

import ai.djl.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.worker.data.Preprocessing;
import org.ranksweep.worker.eval.Evaluation;
import org.ranksweep.worker.train.Digests;

/**
 * Writes a trial's outputs under {@code <artifacts>/trials/<SHA-256 of the trial config>/}: the parameters
 * ({@code model-NNNN.params}, DJL format), {@code plan.json} (the plan, its ranks and the preprocessing of the
 * model's inputs, which {@code ranksweep export} needs) and {@code summary.json} (the config, the measurements and
 * the parameters' SHA-256). Files are written into a temporary directory that then
 * replaces the final one, so a reader never sees half a trial. Thread-safe.
 */
final class TrialArtifacts {

    static final String PARAMS_PREFIX = "model";

    private final Path trialsDirectory;

    TrialArtifacts(Path artifactDirectory) {
        this.trialsDirectory = artifactDirectory.toAbsolutePath().normalize().resolve("trials");
    }

    /** What was written: the trial's directory and the SHA-256 of its parameter file. */
    record Written(Path directory, String paramsSha256) {}

    Written write(
            TrialConfig config,
            Model model,
            ModelPlan plan,
            Map<String, Object> ranks,
            Evaluation evaluation,
            String baseSource,
            Preprocessing preprocessing)
            throws IOException {
        Files.createDirectories(trialsDirectory);
        Path target = trialsDirectory.resolve(Digests.sha256(Json.write(config)));
        Path staging = trialsDirectory.resolve(".staging-" + UUID.randomUUID());
        Files.createDirectories(staging);
        try {
            model.save(staging, PARAMS_PREFIX);
            Path params;
            try (Stream<Path> files = Files.list(staging)) {
                params = files.filter(file -> file.getFileName().toString().endsWith(".params"))
                        .findFirst()
                        .orElseThrow(() -> new IOException("DJL wrote no parameter file into " + staging));
            }
            String sha256 = Digests.sha256(params);
            Map<String, Object> planFile = new LinkedHashMap<>();
            planFile.put("plan", plan);
            planFile.put("ranks", ranks);
            planFile.put("preprocessing", preprocessing);
            Files.writeString(staging.resolve("plan.json"), Json.write(planFile), StandardCharsets.UTF_8);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("config", config);
            summary.put("evaluation", evaluation);
            summary.put("base", baseSource);
            summary.put("paramsFile", params.getFileName().toString());
            summary.put("paramsSha256", sha256);
            Files.writeString(staging.resolve("summary.json"), Json.write(summary), StandardCharsets.UTF_8);
            FileUtils.deleteDirectory(target.toFile());
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return new Written(target, sha256);
        } finally {
            FileUtils.deleteDirectory(staging.toFile());
        }
    }
}
