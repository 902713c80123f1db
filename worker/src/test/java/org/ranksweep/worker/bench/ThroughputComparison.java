package org.ranksweep.worker.bench;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.train.TrainingDivergedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training throughput of the tiny ViT in DJL (this JVM, the production trainer) next to PyTorch eager (Debian's
 * python3-torch running {@code benchmarks/torch_vit_throughput.py}, the same architecture, step and thread count),
 * back to back in rounds whose order alternates, and appends the run to {@code benchmarks/throughput.md}. A harness
 * run by hand through {@code benchmarks/throughput.sh}, not a test. Arguments (optional): threads (default 2),
 * rounds (default 2), model (default {@code vit-tiny-fmnist}; another catalogue shape such as {@code deit-small}
 * trains at batch 8 on random pixels of its input size). Not thread-safe (one run per JVM).
 */
public final class ThroughputComparison {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputComparison.class);
    private static final int IMAGES = 7_680;
    private static final int EPOCHS = 1;
    private static final int WARMUP = 10;
    private static final int BATCH = 128;
    /** DeiT-S-shaped steps: batch 8 of 224×224 RGB, 25 steps of which the first 5 are warm-up. */
    private static final int LARGE_IMAGES = 200;

    private static final int LARGE_WARMUP = 5;
    private static final int LARGE_BATCH = 8;
    /** Images of the untimed DJL training that warms this JVM (class loading, JIT) before the first round. */
    private static final int JVM_WARMUP_IMAGES = 2_560;

    private ThroughputComparison() {}

    /**
     * One round: both sides measured back to back. A side whose training failed (say, a non-finite loss) is null and
     * its failure is kept, so the report shows it instead of hiding the round.
     */
    record Round(
            int number,
            boolean djlFirst,
            ThroughputSample djl,
            TorchTrainingThroughput.Result torch,
            List<String> failures) {

        boolean complete() {
            return djl != null && torch != null;
        }

        double ratio() {
            return complete() ? djl.imagesPerSecond() / torch.sample().imagesPerSecond() : Double.NaN;
        }

        double medianStepRatio() {
            return complete()
                    ? djl.medianStepImagesPerSecond() / torch.sample().medianStepImagesPerSecond()
                    : Double.NaN;
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String model = args.length > 2 ? args[2] : ModelCatalog.VIT_TINY_FMNIST.name();
        VitShape shape = ModelCatalog.find(model)
                .orElseThrow(() -> new IllegalArgumentException("model " + model + " is not in the catalogue"));
        ThroughputSettings settings = shape.equals(ModelCatalog.VIT_TINY_FMNIST)
                ? new ThroughputSettings(shape, threads, IMAGES, EPOCHS, WARMUP, BATCH)
                : new ThroughputSettings(shape, threads, LARGE_IMAGES, EPOCHS, LARGE_WARMUP, LARGE_BATCH);
        TorchRuntime.start(threads);
        // A fresh JVM spends its first minute compiling the trainer's Java side on the same two cores; a worker
        // trains for hours, so its steady state is a warm JVM. The Python side has no JIT to warm.
        try {
            DjlTrainingThroughput.measure(
                    new ThroughputSettings(ModelCatalog.VIT_TINY_FMNIST, threads, JVM_WARMUP_IMAGES, 1, 1, BATCH));
        } catch (TrainingDivergedException e) {
            LOG.error("the untimed DJL warm-up training failed; the rounds run all the same", e);
        }
        String started = BenchEnvironment.now();
        String loadBefore = BenchEnvironment.loadAverages();
        List<Round> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            results.add(round(round, round % 2 == 1, settings));
        }
        ThroughputReport.RunFacts facts = new ThroughputReport.RunFacts(
                started,
                loadBefore,
                BenchEnvironment.loadAverages(),
                settings,
                Engine.getInstance().getVersion(),
                BenchEnvironment.mappedLibraries("torch", "gomp", "mkl", "blas", "lapack"));
        Path output = BenchEnvironment.resultsFile("throughput.md");
        int run = BenchEnvironment.nextRunNumber(output);
        BenchEnvironment.appendRun(
                output,
                ThroughputReport.header(settings),
                run,
                started + ", " + threads + " thread" + (threads == 1 ? "" : "s")
                        + (settings.fashionMnist() ? "" : ", " + shape.name() + " batch " + settings.batch()),
                ThroughputReport.runSection(facts, results));
        LOG.info("appended run {} to {}", run, output);
    }

    private static Round round(int number, boolean djlFirst, ThroughputSettings settings) throws Exception {
        ThroughputSample djl = null;
        TorchTrainingThroughput.Result torch = null;
        List<String> failures = new ArrayList<>();
        for (int turn = 0; turn < 2; turn++) {
            if ((turn == 0) == djlFirst) {
                try {
                    djl = DjlTrainingThroughput.measure(settings);
                    LOG.info("round {} DJL: {} images/s", number, BenchEnvironment.format(djl.imagesPerSecond(), 1));
                } catch (TrainingDivergedException e) {
                    LOG.error("round {} DJL training failed", number, e);
                    failures.add("DJL: " + e.getMessage());
                }
            } else {
                try {
                    torch = TorchTrainingThroughput.measure(settings);
                    LOG.info(
                            "round {} PyTorch: {} images/s",
                            number,
                            BenchEnvironment.format(torch.sample().imagesPerSecond(), 1));
                } catch (IllegalStateException e) {
                    LOG.error("round {} PyTorch training failed", number, e);
                    failures.add("PyTorch: " + e.getMessage().strip());
                }
            }
        }
        if (djl != null && torch != null && djl.parameters() != torch.sample().parameters()) {
            throw new IllegalStateException("the two models differ: DJL has " + djl.parameters()
                    + " parameters, PyTorch " + torch.sample().parameters());
        }
        return new Round(number, djlFirst, djl, torch, failures);
    }
}
