package org.ranksweep.worker.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.DistillSpec;
import org.ranksweep.core.spec.FeatureAlignSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.run.TrialProgress;
import org.ranksweep.worker.run.TrialRunner;
import org.ranksweep.worker.run.WorkerSettings;
import org.ranksweep.worker.train.CancellationFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * comcat-auto against uniform comcat at the same budget on Fashion-MNIST, through the trial runner (the path
 * {@code ranksweep local} takes), for several seeds: the tiny ViT trained 4 epochs on 12,000 images (2,000 more held
 * out), compressed at half the attention weights (ρ = 0.5 / budget 0.5), fine-tuned with distillation, measured on
 * 5,000 test images. Besides the two methods at the same fine-tuning, uniform comcat also runs with as many weight
 * epochs after compression as comcat-auto gets (its search epochs plus fine-tuning), so extra training is not
 * mistaken for better ranks. Writes {@code benchmarks/rank-search-fmnist.md}. A harness run by hand, not a test.
 * Arguments (optional): PyTorch threads (default 1), seeds (default {@code 0,1}), search epochs (default 3),
 * fine-tuning epochs (default 1), artifact directory (default {@code worker/target/rank-search-comparison}, where
 * base models are cached between runs, and finished trials are kept in {@code rows.jsonl} so that an interrupted
 * run resumes). The trials are those of {@code experiments/fmnist-rank-search.yaml} (same settings) plus the
 * compute-matched comcat.
 */
public final class RankSearchComparison {

    private static final Logger LOG = LoggerFactory.getLogger(RankSearchComparison.class);
    private static final DatasetSpec DATASET = new DatasetSpec("fashion-mnist", null, 2000, 12_000, 5_000, "none");
    private static final ModelSpec MODEL =
            new ModelSpec(ModelCatalog.VIT_TINY_FMNIST.name(), new BaseSpec(new TrainRecipe(4, 1e-3, 128, 0.05), null));
    private static final ResourceSpec CPU = new ResourceSpec("cpu", 0);
    private static final String COMMAND = "./mvnw -q -pl worker -am test-compile dependency:build-classpath "
            + "-Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test \\\n  && java -cp "
            + "\"worker/target/test-classes:worker/target/classes:core/target/classes:$(cat worker/target/test.classpath)"
            + "\" org.ranksweep.worker.bench.RankSearchComparison [threads] [seeds] [searchEpochs] [finetuneEpochs]";

    private RankSearchComparison() {}

    /** One trial's outcome with its wall time. */
    private record Row(long seed, String label, TrialResult result, double seconds, Map<String, Double> search) {}

    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        long[] seeds = Arrays.stream((args.length > 1 ? args[1] : "0,1").split(","))
                .mapToLong(Long::parseLong)
                .toArray();
        int searchEpochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int finetuneEpochs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path artifacts = Path.of(args.length > 4 ? args[4] : "worker/target/rank-search-comparison");
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        RankSearchSpec search = new RankSearchSpec(
                RankCandidates.defaults(ModelCatalog.VIT_TINY_FMNIST),
                false,
                searchEpochs,
                1.5,
                5,
                0.1,
                RankSearchSpec.SEARCH_BATCH,
                RankSearchSpec.SEARCH_STEPS,
                RankSearchSpec.ARGMAX);
        Path finished = artifacts.resolve("rows.jsonl");
        List<Row> rows = new ArrayList<>(readFinished(finished));
        try (TrialRunner runner =
                new TrialRunner(new WorkerSettings(artifacts, artifacts.resolve("datasets"), threads))) {
            for (long seed : seeds) {
                List<TrialConfig> configs = List.of(
                        new TrialConfig(
                                "dense",
                                "dense",
                                null,
                                null,
                                null,
                                false,
                                MODEL,
                                DATASET,
                                finetune(finetuneEpochs),
                                seed,
                                CPU),
                        new TrialConfig(
                                "comcat",
                                "comcat",
                                0.5,
                                null,
                                null,
                                false,
                                MODEL,
                                DATASET,
                                finetune(finetuneEpochs),
                                seed,
                                CPU),
                        new TrialConfig(
                                "comcat-auto",
                                "comcat-auto",
                                0.5,
                                null,
                                null,
                                false,
                                MODEL,
                                DATASET,
                                finetune(finetuneEpochs),
                                seed,
                                CPU,
                                search),
                        new TrialConfig(
                                "comcat",
                                "comcat-matched",
                                0.5,
                                null,
                                null,
                                false,
                                MODEL,
                                DATASET,
                                finetune(finetuneEpochs + searchEpochs),
                                seed,
                                CPU));
                for (TrialConfig config : configs) {
                    if (rows.stream()
                            .noneMatch(row -> row.seed() == seed && row.label().equals(config.label()))) {
                        Row row = run(runner, config, seed);
                        rows.add(row);
                        Files.writeString(
                                finished,
                                Json.write(row) + "\n",
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    }
                }
            }
        }
        rows.sort(Comparator.comparingLong(Row::seed));
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Path output = BenchEnvironment.resultsFile("rank-search-fmnist.md");
        Files.writeString(
                output,
                report(rows, threads, searchEpochs, finetuneEpochs, loadBefore, loadAfter),
                StandardCharsets.UTF_8);
        LOG.info("wrote {}", output);
    }

    /** Rows of an interrupted earlier run with the same artifact directory, so that a rerun resumes. */
    private static List<Row> readFinished(Path finished) throws IOException {
        if (!Files.exists(finished)) {
            return List.of();
        }
        return Files.readAllLines(finished, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .map(line -> Json.read(line, Row.class))
                .toList();
    }

    private static FinetuneSpec finetune(int epochs) {
        return new FinetuneSpec(
                epochs, 5e-4, 1e-6, 128, 0.05, new DistillSpec(true, 0.5), new FeatureAlignSpec(0, List.of()));
    }

    private static Row run(TrialRunner runner, TrialConfig config, long seed) {
        Map<String, Double> search = new LinkedHashMap<>();
        TrialListener listener = new TrialListener() {
            @Override
            public void onMetric(TrialMetric metric) {
                if (metric.phase().equals("search") && metric.epoch() == 0) {
                    search.put(metric.name(), metric.value());
                }
                if (!metric.name().startsWith("gate.") && !metric.name().startsWith("rank.")) {
                    LOG.info(
                            "seed {} {}: {} epoch {} {} {} = {}",
                            seed,
                            config.label(),
                            metric.phase(),
                            metric.epoch(),
                            metric.split(),
                            metric.name(),
                            metric.value());
                }
            }

            @Override
            public void onProgress(TrialProgress progress) {}
        };
        long start = System.nanoTime();
        TrialResult result = runner.run(config, listener, CancellationFlag.never());
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info(
                "seed {} {}: top1 {}, params {}, ranks {}, {} s",
                seed,
                config.label(),
                result.top1(),
                result.params(),
                result.ranks(),
                String.format(Locale.ROOT, "%.0f", seconds));
        return new Row(seed, config.label(), result, seconds, search);
    }

    private static String report(
            List<Row> rows, int threads, int searchEpochs, int finetuneEpochs, double loadBefore, double loadAfter) {
        StringBuilder text = new StringBuilder("# comcat-auto against uniform comcat on Fashion-MNIST\n\n")
                .append("Written by `RankSearchComparison` (worker test scope); numbers are from one run.\n\n")
                .append("- date: ")
                .append(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS))
                .append('\n')
                .append("- machine: `nproc` = ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(", DJL PyTorch engine (CPU), ")
                .append(threads)
                .append(" intra-op thread(s); load average" + " (1 min) before/after ")
                .append(String.format(Locale.ROOT, "%.1f / %.1f", loadBefore, loadAfter))
                .append(" (shared cores: wall times are inflated)\n")
                .append("- data: Fashion-MNIST (Debian's dataset-fashion-mnist), 12,000 training images, 2,000 more"
                        + " held out from the training split (the search's logit passes run on these), 5,000 test"
                        + " images (top-1 below)\n")
                .append("- base: vit-tiny-fmnist trained 4 epochs (AdamW, lr 1e-3, batch 128, cosine), one per seed\n")
                .append("- budget: half the attention weights. comcat: per-head ranks 12/12 in every block."
                        + " comcat-auto: ρ = 0.5, default candidates (per head 4..24), ")
                .append(searchEpochs)
                .append(" search epochs (τ 5 → 0.1, β 1.5; each a logit pass on the held-out slice and one weight"
                        + " epoch at lr 5e-4)\n")
                .append("- fine-tuning: ")
                .append(finetuneEpochs)
                .append(" epoch(s), AdamW lr 5e-4 → 1e-6 cosine,"
                        + " hard distillation from the base (weight 0.5). comcat-matched: uniform comcat fine-tuned ")
                .append(finetuneEpochs + searchEpochs)
                .append(" epochs, as many weight epochs after compression as" + " comcat-auto gets\n\n")
                .append("| seed | method | top-1 (test) | params | attention weights / dense | ranks qk | ranks vo |"
                        + " wall (s) |\n|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            Object qk = row.result().ranks().getOrDefault("qk", "—");
            Object vo = row.result().ranks().getOrDefault("vo", "—");
            text.append("| ")
                    .append(row.seed())
                    .append(" | ")
                    .append(row.label())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.4f", row.result().top1()))
                    .append(" | ")
                    .append(row.result().params())
                    .append(" | ")
                    .append(fraction(row))
                    .append(" | ")
                    .append(qk)
                    .append(" | ")
                    .append(vo)
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", row.seconds()))
                    .append(" |\n");
        }
        text.append("\n| method | mean top-1 over seeds | params |\n|---|---|---|\n");
        for (String label : List.of("dense", "comcat", "comcat-auto", "comcat-matched")) {
            List<Row> ofLabel =
                    rows.stream().filter(row -> row.label().equals(label)).toList();
            double mean = ofLabel.stream()
                    .mapToDouble(row -> row.result().top1())
                    .average()
                    .orElse(Double.NaN);
            text.append("| ")
                    .append(label)
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.4f", mean))
                    .append(" | ")
                    .append(ofLabel.stream()
                            .map(row -> Long.toString(row.result().params()))
                            .distinct()
                            .toList())
                    .append(" |\n");
        }
        return text.append("\nCommand (from the repository root):\n\n```\n")
                .append(COMMAND)
                .append("\n```\n")
                .toString();
    }

    /** Attention weights (biases excluded) over the dense ones, from the reported ranks. */
    private static String fraction(Row row) {
        if (!row.search().isEmpty()) {
            return String.format(
                    Locale.ROOT,
                    "%.4f (target %.4f)",
                    row.search().get("achievedWeights") / row.search().get("denseWeights"),
                    row.search().get("targetWeights") / row.search().get("denseWeights"));
        }
        if (row.result().ranks().isEmpty()) {
            return "1";
        }
        @SuppressWarnings("unchecked")
        List<Integer> qk = (List<Integer>) row.result().ranks().get("qk");
        @SuppressWarnings("unchecked")
        List<Integer> vo = (List<Integer>) row.result().ranks().get("vo");
        double sum = 0;
        for (int block = 0; block < qk.size(); block++) {
            sum += qk.get(block) + vo.get(block);
        }
        return String.format(Locale.ROOT, "%.4f", sum / (2.0 * ModelCatalog.VIT_TINY_FMNIST.headWidth() * qk.size()));
    }
}
