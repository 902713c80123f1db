package org.ranksweep.worker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

/** The text of {@code benchmarks/throughput.md}: its header and one run's section. Thread-safe (stateless). */
final class ThroughputReport {

    static final double TARGET = 0.9;

    private ThroughputReport() {}

    /** Facts of one run of {@link ThroughputComparison} on the DJL side. */
    record RunFacts(
            String started,
            String loadBefore,
            String loadAfter,
            ThroughputSettings settings,
            String engineVersion,
            List<String> jvmLibraries) {}

    static String header(ThroughputSettings settings) {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        return "# Training throughput: DJL against PyTorch eager on the tiny ViT and on DeiT-S's shape\n\n"
                + "Written by `ThroughputComparison` (worker test scope), started by `benchmarks/throughput.sh`. Each "
                + "invocation appends one `## Run` section of rounds; in a round both sides train back to back (the "
                + "order alternates between rounds) and the ratio is taken within the round.\n\n"
                + "- model (both sides): " + shape.name() + ", pre-LN ViT, Conv2d patchify (patch " + shape.patch()
                + "), class token + learned position embedding, " + shape.depth() + " blocks with separate q, k, v, "
                + "o Linear(" + shape.width() + "," + shape.width() + ") with bias, softmax scale 1/√"
                + shape.headWidth() + ", GELU MLP " + shape.width() + "→" + shape.mlpHidden() + "→" + shape.width()
                + ", LayerNorm eps 1e-6, final LayerNorm, head on the class token. The parameter counts of both "
                + "sides are compared in every round (the run fails if they differ).\n"
                + "- DJL side: the production `ModelTrainer` (AdamW, weight decay 0.05, cosine schedule 1e-3 → 1e-5, "
                + "no augmentation, per-step sub-manager) on the tiny ViT from `VitFactory`, threads set by "
                + "`TorchRuntime.start`.\n"
                + "- PyTorch side: `benchmarks/torch_vit_throughput.py` under Debian's `/usr/bin/python3` "
                + "(python3-torch), the same model written in `torch.nn`, the same step: uint8 pixels indexed, "
                + "turned to float and normalised, forward, the same loss formula −mean(Σ one_hot·log_softmax), "
                + "loss read back, backward, `torch.optim.AdamW` (weight decay 0.05) with `CosineAnnealingLR` "
                + "1e-3 → 1e-5, the batch's correct count read back; `torch.set_num_threads` and OMP_NUM_THREADS.\n"
                + "- data: " + settings.images() + " Fashion-MNIST training images (Debian's IDX files), batch "
                + settings.batch() + ", " + settings.epochs() + " epoch(s), " + settings.stepsPerEpoch()
                + " steps per epoch.\n"
                + "- images/s (same definition on both sides): a time stamp after every step; the intervals between "
                + "consecutive stamps of one epoch are whole steps (batch preparation included); the first "
                + settings.warmup() + " steps are warm-up and not timed, nor is the first step of a later epoch. "
                + "Before the first round the JVM is warmed by an untimed DJL training of 2,560 images (a worker "
                + "JVM runs for hours, so its steady state is JIT-compiled). "
                + "images/s = timed images / timed seconds. The median step gives a second figure, less sensitive "
                + "to stalls caused by other jobs on the machine.\n"
                + "- target: DJL / PyTorch ≥ " + TARGET + ".\n\n"
                + "Command (from the repository root; arguments: threads, rounds):\n\n```\n"
                + "bash benchmarks/throughput.sh 2 2\n```\n\n"
                + "The script checks that Debian's python3-torch is there and that the libblas/liblapack alternatives "
                + "point at OpenBLAS's OpenMP flavour (selecting it with `update-alternatives --set` when root), "
                + "builds the test classpath and runs `java ... org.ranksweep.worker.bench.ThroughputComparison` "
                + "with OMP_NUM_THREADS set. Prerequisite: `apt-get install -y python3-torch libopenblas0-openmp`.\n";
    }

    static String runSection(RunFacts facts, List<ThroughputComparison.Round> rounds) {
        StringBuilder text = new StringBuilder();
        text.append("- date: ")
                .append(facts.started())
                .append("; threads ")
                .append(facts.settings().threads())
                .append(" on both sides, OMP_NUM_THREADS=")
                .append(System.getenv("OMP_NUM_THREADS"))
                .append('\n');
        text.append("- machine: `nproc` = ")
                .append(BenchEnvironment.processors())
                .append(", CPU ")
                .append(BenchEnvironment.cpuModel())
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append('\n');
        VitShape shape = facts.settings().shape();
        text.append("- model: ")
                .append(shape.name())
                .append(" (")
                .append(shape.imageSize())
                .append('×')
                .append(shape.imageSize())
                .append('×')
                .append(shape.channels())
                .append(" input, patch ")
                .append(shape.patch())
                .append(", width ")
                .append(shape.width())
                .append(", ")
                .append(shape.depth())
                .append(" blocks, ")
                .append(shape.heads())
                .append(" heads, MLP ×")
                .append(shape.mlpRatio())
                .append(", ")
                .append(shape.classes())
                .append(" classes); data ")
                .append(facts.settings().fashionMnist() ? "Fashion-MNIST" : "random pixels (fixed seed)")
                .append(", ")
                .append(facts.settings().images())
                .append(" images, batch ")
                .append(facts.settings().batch())
                .append(", first ")
                .append(facts.settings().warmup())
                .append(" steps untimed\n");
        text.append("- load average (1 / 5 / 15 min) before: ")
                .append(facts.loadBefore())
                .append(", after: ")
                .append(facts.loadAfter())
                .append(" (the benchmark itself keeps about ")
                .append(facts.settings().threads())
                .append(" cores busy; the Maven build just before it raises the figure before)\n");
        text.append("- DJL: PyTorch engine, libtorch ")
                .append(facts.engineVersion())
                .append(" (the pytorch.org CPU ")
                .append("build DJL ships; its BLAS, MKL, is linked into libtorch_cpu), native libraries mapped: ")
                .append(code(facts.jvmLibraries()))
                .append('\n');
        rounds.stream()
                .filter(round -> round.torch() != null)
                .reduce((first, second) -> second)
                .ifPresent(round -> text.append(torchFacts(round.torch().report())));
        rounds.stream()
                .filter(ThroughputComparison.Round::complete)
                .findFirst()
                .ifPresent(round -> text.append("- parameters: DJL ")
                        .append(round.djl().parameters())
                        .append(", PyTorch ")
                        .append(round.torch().sample().parameters())
                        .append('\n'));
        text.append('\n').append(table(rounds));
        text.append(summary(rounds));
        return text.toString();
    }

    private static String torchFacts(JsonNode torch) {
        return "- PyTorch: " + torch.get("torch_version").asText() + " (Debian python3-torch), build "
                + torch.get("torch_build") + ", " + torch.get("torch_parallel") + "\n"
                + "- BLAS loaded by torch (/proc/self/maps of the python process): " + torch.get("mapped_blas")
                + "; libblas alternative " + torch.get("libblas_alternative") + ", liblapack alternative "
                + torch.get("liblapack_alternative") + "; OPENBLAS_* environment "
                + torch.get("openblas_environment") + "\n";
    }

    private static String table(List<ThroughputComparison.Round> rounds) {
        StringBuilder text = new StringBuilder();
        text.append("| round | order | DJL images/s | PyTorch images/s | DJL / PyTorch | DJL median step (ms) | ")
                .append("PyTorch median step (ms) | DJL / PyTorch from median steps | steps timed (DJL, PyTorch) | ")
                .append("DJL GC: collections, ms |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ThroughputComparison.Round round : rounds) {
            ThroughputSample djl = round.djl();
            ThroughputSample torch =
                    round.torch() == null ? null : round.torch().sample();
            text.append("| ")
                    .append(round.number())
                    .append(" | ")
                    .append(round.djlFirst() ? "DJL, then PyTorch" : "PyTorch, then DJL")
                    .append(" | ")
                    .append(figure(djl, ThroughputSample::imagesPerSecond))
                    .append(" | ")
                    .append(figure(torch, ThroughputSample::imagesPerSecond))
                    .append(" | ")
                    .append(ratio(round.ratio()))
                    .append(" | ")
                    .append(figure(djl, ThroughputSample::medianStepMillis))
                    .append(" | ")
                    .append(figure(torch, ThroughputSample::medianStepMillis))
                    .append(" | ")
                    .append(ratio(round.medianStepRatio()))
                    .append(" | ")
                    .append(figure(djl, sample -> sample.stepMillis().size()))
                    .append(", ")
                    .append(figure(torch, sample -> sample.stepMillis().size()))
                    .append(" | ")
                    .append(
                            djl == null
                                    ? "—"
                                    : djl.gc().collections() + ", " + djl.gc().millis())
                    .append(" |\n");
        }
        boolean firstFailure = true;
        for (ThroughputComparison.Round round : rounds) {
            for (String failure : round.failures()) {
                text.append(firstFailure ? "\n" : "")
                        .append("- round ")
                        .append(round.number())
                        .append(" failed on one side: ")
                        .append(failure)
                        .append('\n');
                firstFailure = false;
            }
        }
        return text.toString();
    }

    private static String figure(ThroughputSample sample, ToDoubleFunction<ThroughputSample> value) {
        if (sample == null) {
            return "failed";
        }
        double figure = value.applyAsDouble(sample);
        if (figure == Math.rint(figure)) {
            return String.valueOf((long) figure);
        }
        return BenchEnvironment.format(figure, Math.abs(figure) < 10 ? 2 : 1);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "—" : BenchEnvironment.format(value, 2);
    }

    private static String summary(List<ThroughputComparison.Round> rounds) {
        long met = rounds.stream().filter(round -> round.ratio() >= TARGET).count();
        double[] ratios = rounds.stream()
                .filter(ThroughputComparison.Round::complete)
                .mapToDouble(ThroughputComparison.Round::ratio)
                .toArray();
        if (ratios.length == 0) {
            return "\n- no round completed on both sides\n";
        }
        return "\n- DJL / PyTorch images/s per completed round: "
                + Arrays.toString(Arrays.stream(ratios)
                        .mapToObj(ratio -> BenchEnvironment.format(ratio, 2))
                        .toArray()) + ", median "
                + BenchEnvironment.format(LatencyBenchmark.median(ratios), 2) + "; target ≥ " + TARGET + " met in "
                + met + " of " + ratios.length + " completed rounds (" + rounds.size() + " run)\n";
    }

    private static String code(List<String> items) {
        return items.isEmpty() ? "(none matched)" : "`" + String.join("`, `", items) + "`";
    }
}
