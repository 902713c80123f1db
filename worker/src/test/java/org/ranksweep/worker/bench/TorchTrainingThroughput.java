package org.ranksweep.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.VitShape;

/**
 * The PyTorch side of the throughput comparison: runs {@code benchmarks/torch_vit_throughput.py} with Debian's
 * {@code /usr/bin/python3} (python3-torch) and OMP_NUM_THREADS set to the thread count, and reads the one JSON line
 * it prints. Thread-safe (stateless).
 */
final class TorchTrainingThroughput {

    static final String PYTHON = "/usr/bin/python3";

    private TorchTrainingThroughput() {}

    /** The measurement and the whole JSON report of the script (BLAS, build and thread facts included). */
    record Result(ThroughputSample sample, JsonNode report) {}

    static Result measure(ThroughputSettings settings) throws IOException, InterruptedException {
        Path script = BenchEnvironment.resultsFile("torch_vit_throughput.py");
        List<String> command = new ArrayList<>(List.of(
                PYTHON,
                script.toString(),
                "--threads",
                String.valueOf(settings.threads()),
                "--images",
                String.valueOf(settings.images()),
                "--epochs",
                String.valueOf(settings.epochs()),
                "--warmup",
                String.valueOf(settings.warmup()),
                "--batch",
                String.valueOf(settings.batch()),
                "--json"));
        if (!settings.fashionMnist()) {
            VitShape shape = settings.shape();
            command.addAll(List.of(
                    "--data",
                    "random",
                    "--image-size",
                    String.valueOf(shape.imageSize()),
                    "--channels",
                    String.valueOf(shape.channels()),
                    "--patch",
                    String.valueOf(shape.patch()),
                    "--width",
                    String.valueOf(shape.width()),
                    "--depth",
                    String.valueOf(shape.depth()),
                    "--heads",
                    String.valueOf(shape.heads()),
                    "--mlp-ratio",
                    String.valueOf(shape.mlpRatio()),
                    "--classes",
                    String.valueOf(shape.classes())));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_NUM_THREADS", String.valueOf(settings.threads()));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(script + " exited with " + exit + "; output: " + output);
        }
        String[] lines = output.strip().split("\n");
        JsonNode report = Json.mapper().readTree(lines[lines.length - 1]);
        List<Double> steps = new ArrayList<>();
        report.get("step_ms").forEach(step -> steps.add(step.asDouble()));
        return new Result(
                new ThroughputSample(
                        "pytorch",
                        steps,
                        report.get("images_timed").asLong(),
                        report.get("parameters").asLong(),
                        null),
                report);
    }
}
