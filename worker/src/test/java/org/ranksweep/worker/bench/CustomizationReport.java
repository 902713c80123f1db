package org.ranksweep.worker.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.TDistribution;
import org.ranksweep.worker.diffusion.CustomizationMethod;
import org.ranksweep.worker.diffusion.CustomizationOutcome;
import org.ranksweep.worker.diffusion.GeneratorCache;
import org.ranksweep.worker.diffusion.Prompts;

/** The markdown of one {@link CustomizationBench} run: per customization, then per method with ratios. */
record CustomizationReport(
        List<CustomizationOutcome> outcomes,
        double judgeTop1,
        Map<String, Double> baseline,
        GeneratorCache.Generator base,
        double judgeSeconds,
        double generatorSeconds,
        double totalSeconds,
        String loadBefore,
        List<String> gridRows) {

    static final String HEADER = """
            # Customization: time, bytes and fidelity per concept

            Written by `CustomizationBench` (worker test scope). A base generator (text-conditioned diffusion
            transformer, `GeneratorRecipe.fashionMnist()`) trained on Fashion-MNIST classes 0–7 is taught class 8 (bag)
            or 9 (ankle boot) as "a photo of a v*" from 8 training images by each method; an independent ViT trained
            on all ten classes judges 256 samples of the concept prompt (fidelity: share assigned to the concept's
            class; Fréchet distance of its class-token features to the 1,000 real test images of the class) and 32
            samples of every seen class's prompt (retention: mean share assigned to the prompted class). Seconds are
            the optimisation loop's only; bytes are the exact size of the delta file (safetensors, F32).

            The paper (COMCAT, ICML 2023, abstract) reports customization of Stable Diffusion v1.4 "up to 2.6×
            faster" to train and "up to 1927.5×" cheaper to store than existing methods; no table behind the two
            ratios is public, and they are the paper's, not measured here. Ours are for a 0.4 M-parameter generator on
            2 CPU cores: ratios, not sizes, are what could carry over.
            """;

    private static final ToDoubleFunction<CustomizationOutcome> MS_PER_STEP =
            outcome -> 1000 * outcome.secondsPerStep();
    private static final ToDoubleFunction<CustomizationOutcome> BYTES = CustomizationOutcome::deltaBytes;

    static String row(CustomizationOutcome outcome) {
        var request = outcome.request();
        return String.format(
                Locale.ROOT,
                "| %s | %s | %d | %d | %,d | %,d | %.1f | %.1f | %.4f | %.3f | %.3f | %.1f |",
                request.method().label(),
                Prompts.CLASS_WORDS.get(request.concept()),
                request.seed(),
                request.rank(),
                outcome.trainedParameters(),
                outcome.deltaBytes(),
                outcome.trainingSeconds(),
                1000 * outcome.secondsPerStep(),
                outcome.finalLoss(),
                outcome.fidelity(),
                outcome.retention(),
                outcome.frechetDistance());
    }

    String markdown(int seeds, int steps) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "- machine: %d cores (%s); load average before %s, after %s%n",
                BenchEnvironment.processors(),
                BenchEnvironment.cpuModel(),
                loadBefore,
                BenchEnvironment.loadAverages()));
        text.append(String.format(
                Locale.ROOT,
                "- judge: vit-tiny-fmnist, test top-1 **%.2f %%** on 10,000 test images (%.0f s to obtain, cached"
                        + " after the first run)%n",
                100 * judgeTop1,
                judgeSeconds));
        text.append(String.format(
                Locale.ROOT,
                "- base generator: %s (%.0f s to obtain; facts: %s)%n",
                base.file().getFileName(),
                generatorSeconds,
                base.facts()));
        text.append(String.format(
                Locale.ROOT,
                "- before customization: retention %.3f; the base's samples of \"a photo of a v*\" judged bag %.3f,"
                        + " ankle boot %.3f%n",
                baseline.get("retention"),
                baseline.get("fidelity bag"),
                baseline.get("fidelity ankle-boot")));
        text.append(String.format(
                Locale.ROOT,
                "- each customization: %d shots, %d steps of batch %d, rank %d (LoRA, COMCAT), learning rates %s;"
                        + " %d seed(s); whole run %.0f s%n%n",
                CustomizationBench.SHOTS,
                steps,
                CustomizationBench.BATCH,
                CustomizationBench.RANK,
                CustomizationBench.LEARNING_RATES,
                seeds,
                totalSeconds));
        text.append("| method | concept | seed | rank | trained params | delta bytes | train s | ms/step | final loss"
                + " | fidelity | retention | Fréchet |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        outcomes.forEach(outcome -> text.append(row(outcome)).append('\n'));
        text.append(summary());
        text.append("\nSample grid (`benchmarks/customization-samples.png`), rows: ")
                .append(String.join("; ", gridRows))
                .append(".\n");
        return text.toString();
    }

    /** Per method: means ± 95 % t-intervals over concepts and seeds, and the ratios against the two baselines. */
    private String summary() {
        Map<CustomizationMethod, List<CustomizationOutcome>> byMethod = new EnumMap<>(CustomizationMethod.class);
        outcomes.forEach(outcome -> byMethod.computeIfAbsent(outcome.request().method(), key -> new ArrayList<>())
                .add(outcome));
        double customDiffusionStep = mean(byMethod.get(CustomizationMethod.CUSTOM_DIFFUSION), MS_PER_STEP);
        double fullStep = mean(byMethod.get(CustomizationMethod.FULL), MS_PER_STEP);
        double customDiffusionBytes = mean(byMethod.get(CustomizationMethod.CUSTOM_DIFFUSION), BYTES);
        double fullBytes = mean(byMethod.get(CustomizationMethod.FULL), BYTES);
        StringBuilder text = new StringBuilder("\nPer method (mean ± 95 % t-interval over concepts × seeds):\n\n"
                + "| method | ms/step | speed-up vs custom-diffusion | speed-up vs full | delta bytes | storage"
                + " vs custom-diffusion | storage vs full | fidelity | retention | Fréchet |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        byMethod.forEach((method, rows) -> {
            double step = mean(rows, MS_PER_STEP);
            double bytes = mean(rows, BYTES);
            text.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f× | %.2f× | %,.0f | %.1f× | %.1f× | %s | %s | %s |%n",
                    method.label(),
                    interval(rows, MS_PER_STEP),
                    customDiffusionStep / step,
                    fullStep / step,
                    bytes,
                    customDiffusionBytes / bytes,
                    fullBytes / bytes,
                    interval(rows, CustomizationOutcome::fidelity),
                    interval(rows, CustomizationOutcome::retention),
                    interval(rows, CustomizationOutcome::frechetDistance)));
        });
        return text.toString();
    }

    private static double mean(List<CustomizationOutcome> rows, ToDoubleFunction<CustomizationOutcome> what) {
        return rows.stream().mapToDouble(what).average().orElse(Double.NaN);
    }

    private static String interval(List<CustomizationOutcome> rows, ToDoubleFunction<CustomizationOutcome> what) {
        double mean = mean(rows, what);
        if (rows.size() < 2) {
            return String.format(Locale.ROOT, "%.3f", mean);
        }
        double variance = rows.stream()
                        .mapToDouble(row -> Math.pow(what.applyAsDouble(row) - mean, 2))
                        .sum()
                / (rows.size() - 1);
        double quantile = new TDistribution(null, rows.size() - 1).inverseCumulativeProbability(0.975);
        return String.format(Locale.ROOT, "%.3f ± %.3f", mean, quantile * Math.sqrt(variance / rows.size()));
    }
}
