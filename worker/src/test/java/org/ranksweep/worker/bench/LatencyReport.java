package org.ranksweep.worker.bench;

import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

/** The fixed text of {@code benchmarks/latency.md}: its header and the facts of one run. Thread-safe (stateless). */
final class LatencyReport {

    private LatencyReport() {}

    /** Facts of one run of {@link LatencyBenchmark}. */
    record RunFacts(
            String started, String loadBefore, String loadAfter, int threads, double minutes, String engineVersion) {}

    static String header(String command, double budget) {
        return "# Inference latency: compressed against dense ViTs at " + budget + " of the attention weights\n\n"
                + "Written by `LatencyBenchmark` (worker test scope). Each invocation appends one `## Run` section; "
                + "every ratio in a section comes from that run only.\n\n"
                + "What is measured:\n\n"
                + "- models: " + describe(ModelCatalog.VIT_TINY_FMNIST) + "; " + describe(ModelCatalog.DEIT_SMALL)
                + ". Dense weights are random (`VitFactory.create`, seeded Xavier); the compressed models are built "
                + "from them by `ModelCompressor.compress` (the production path), so they have exactly the "
                + "structure a trial would time.\n"
                + "- methods at budget " + budget + ": comcat (`BudgetAllocator.comcat`: all heads, per-head ranks "
                + comcatRanks(ModelCatalog.VIT_TINY_FMNIST, budget) + " on the tiny ViT and "
                + comcatRanks(ModelCatalog.DEIT_SMALL, budget) + " on DeiT-S), svd-matrix (`svdMatrix`: q, k, v, o "
                + "each a rank-r pair, heads keep full width, so the N² attention matmuls are not reduced), "
                + "head-prune (`headPrune` with scores that keep the first half of the heads of every block, i.e. "
                + "the even allocation; importance from data could put the kept heads anywhere, which changes "
                + "nothing in the MACs but can leave blocks without heads).\n"
                + "- latency: `Latency.medianMillis` (inference mode, autograd off, fresh N(0,1) input each "
                + "forward, logits read back). The four models of a shape and batch are interleaved in rounds, "
                + "rotating which goes first; each round is one warm-up forward then the timed forwards of one "
                + "model; the figure is the median over rounds of the per-round medians. After two warm-up forwards "
                + "per model, the repeats per round are chosen from the median of three dense forwards so a round "
                + "of the dense model lasts about 1.5 s (3 to 40).\n"
                + "- speed-up = median dense latency / median compressed latency; the range is the lowest and "
                + "highest speed-up of a single round (dense and compressed timed in the same round). The fastest "
                + "round's median and the speed-up between fastest rounds are given too: on a shared machine they "
                + "are the figures least inflated by other jobs.\n"
                + "- MAC ratio = dense MACs / compressed MACs per image from `ModelCost.of` (whole model) and "
                + "`ModelCost.attention` (q, k, v, o and the two attention matmuls). MACs count matmuls and the "
                + "patch convolution only, not LayerNorm, softmax, GELU, reshapes or bias adds, which cost time "
                + "too: measured speed-ups below the MAC ratio are expected, more so at small sizes where per-op "
                + "overhead dominates.\n\n"
                + "Command (from the repository root; the JVM is started directly because `exec:java` with `-am` "
                + "would also run in the parent and core modules):\n\n```\n" + command + "\n```\n";
    }

    static String runSection(RunFacts facts) {
        return "- date: " + facts.started() + "; run took " + BenchEnvironment.format(facts.minutes(), 1) + " min\n"
                + "- machine: `nproc` = " + BenchEnvironment.processors() + ", CPU " + BenchEnvironment.cpuModel()
                + ", Java " + System.getProperty("java.version") + ", DJL PyTorch engine (libtorch "
                + facts.engineVersion() + "), intra-op threads " + facts.threads() + ", OMP_NUM_THREADS="
                + System.getenv("OMP_NUM_THREADS") + "\n"
                + "- load average (1 / 5 / 15 min) before: " + facts.loadBefore() + ", after: " + facts.loadAfter()
                + " (the benchmark itself keeps up to " + facts.threads() + " cores busy; more than that means other"
                + " jobs shared the machine and inflated the latencies)\n\n";
    }

    private static String describe(VitShape shape) {
        return shape.name() + " (" + shape.imageSize() + " px, " + shape.channels() + " channel"
                + (shape.channels() == 1 ? "" : "s") + ", patch " + shape.patch() + ", N = " + shape.tokens()
                + " tokens, d = " + shape.width() + ", depth " + shape.depth() + ", " + shape.heads() + " heads, MLP "
                + shape.mlpRatio() + "d, " + shape.classes() + " classes)";
    }

    private static String comcatRanks(VitShape shape, double budget) {
        HeadLevelBlock block =
                (HeadLevelBlock) BudgetAllocator.comcat(shape, budget).blocks().get(0);
        return "r_qk = " + block.qkRank() + ", r_vo = " + block.voRank() + " of d_h = " + shape.headWidth();
    }
}
