package org.ranksweep.worker.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.eval.Latency;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.run.ModelCompressor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference latency of compressed against dense ViTs at half of the attention weights: dense, comcat, svd-matrix and
 * head-prune, on the tiny Fashion-MNIST ViT and on the DeiT-S shape (random seeded weights), at batch 1 and 8.
 * Reports the measured speed-up (dense latency / compressed latency) next to the MAC ratio {@link ModelCost} predicts,
 * both from the same run, and appends the run to {@code benchmarks/latency.md}. A harness run by hand, not a test.
 * Arguments (optional): intra-op threads (default 2). Not thread-safe (one run per JVM).
 */
public final class LatencyBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyBenchmark.class);
    private static final double BUDGET = 0.5;
    private static final int[] BATCHES = {1, 8};
    /** Timed forwards per model and round are chosen so a round of one model takes about this long. */
    private static final double ROUND_TARGET_MILLIS = 1500;

    private static final int MIN_REPEATS = 3;
    private static final int MAX_REPEATS = 40;
    private static final String COMMAND = "./mvnw -q -pl worker -am test-compile dependency:build-classpath "
            + "-Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test \\\n  && OMP_NUM_THREADS=2 java -cp "
            + "\"worker/target/test-classes:worker/target/classes:$(cat worker/target/test.classpath)\" "
            + "org.ranksweep.worker.bench.LatencyBenchmark 2";

    private LatencyBenchmark() {}

    /** One model under test: its label, its plan and the DJL model (closed by the caller). */
    private record Variant(String label, ModelPlan plan, Model model) {}

    /** The measurements of one variant at one batch size; latencies in milliseconds. */
    private record Row(
            VitShape shape,
            int batch,
            String label,
            ModelPlan plan,
            double[] roundMedians,
            double[] denseRoundMedians,
            int repeats) {

        double median() {
            return LatencyBenchmark.median(roundMedians);
        }

        double speedUp() {
            return LatencyBenchmark.median(denseRoundMedians) / median();
        }

        /** The fastest round's median: the figure least inflated by other jobs on the machine. */
        double fastest() {
            return Arrays.stream(roundMedians).min().orElseThrow();
        }

        double fastestSpeedUp() {
            return Arrays.stream(denseRoundMedians).min().orElseThrow() / fastest();
        }

        /** Lowest and highest speed-up of a single round (dense and compressed timed in the same round). */
        double[] roundSpeedUps() {
            double[] ratios = new double[roundMedians.length];
            for (int round = 0; round < ratios.length; round++) {
                ratios[round] = denseRoundMedians[round] / roundMedians[round];
            }
            Arrays.sort(ratios);
            return new double[] {ratios[0], ratios[ratios.length - 1]};
        }
    }

    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        TorchRuntime.start(threads);
        TorchRuntime.disableGradients();
        String started = BenchEnvironment.now();
        String loadBefore = BenchEnvironment.loadAverages();
        long startNanos = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        rows.addAll(measureShape(ModelCatalog.VIT_TINY_FMNIST, 5));
        rows.addAll(measureShape(ModelCatalog.DEIT_SMALL, 3));
        double minutes = (System.nanoTime() - startNanos) / 6e10;
        Path output = BenchEnvironment.resultsFile("latency.md");
        int run = BenchEnvironment.nextRunNumber(output);
        String body = LatencyReport.runSection(new LatencyReport.RunFacts(
                        started,
                        loadBefore,
                        BenchEnvironment.loadAverages(),
                        threads,
                        minutes,
                        Engine.getInstance().getVersion()))
                + table(rows);
        BenchEnvironment.appendRun(output, LatencyReport.header(COMMAND, BUDGET), run, started, body);
        LOG.info("appended run {} to {}", run, output);
    }

    private static List<Row> measureShape(VitShape shape, int rounds) {
        List<Variant> variants = variants(shape);
        try {
            List<Row> rows = new ArrayList<>();
            for (int batch : BATCHES) {
                rows.addAll(measureBatch(shape, variants, batch, rounds));
            }
            return rows;
        } finally {
            variants.forEach(variant -> variant.model().close());
        }
    }

    private static List<Variant> variants(VitShape shape) {
        ModelPlan densePlan = ModelPlan.dense(shape);
        Model dense = VitFactory.create(shape.name() + "-dense", densePlan, 1);
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("dense", densePlan, dense));
        try {
            variants.add(compressed(dense, BudgetAllocator.comcat(shape, BUDGET), Methods.COMCAT));
            variants.add(compressed(dense, BudgetAllocator.svdMatrix(shape, BUDGET), Methods.SVD_MATRIX));
            variants.add(compressed(
                    dense, BudgetAllocator.headPrune(shape, BUDGET, lowerHeadsFirst(shape)), Methods.HEAD_PRUNE));
            return variants;
        } catch (RuntimeException e) {
            variants.forEach(variant -> variant.model().close());
            throw e;
        }
    }

    private static Variant compressed(Model dense, ModelPlan plan, CompressionMethod method) {
        String label = method.name() + " " + BUDGET;
        LOG.info("compressing {} to {}", plan.shape().name(), label);
        String name = plan.shape().name() + "-" + label;
        return new Variant(label, plan, ModelCompressor.compress(dense, plan, method.attentionForm(), name));
    }

    /**
     * Head scores that rank a lower head index higher in every block, so head-prune at 0.5 keeps the first half of
     * the heads of every block: the even allocation, whose MACs equal comcat's. (Equal scores across blocks are
     * broken by block order, but the kept count h·depth/2 is exactly h/2 per block.)
     */
    private static double[][] lowerHeadsFirst(VitShape shape) {
        double[][] scores = new double[shape.depth()][shape.heads()];
        for (double[] block : scores) {
            for (int head = 0; head < block.length; head++) {
                block[head] = -head;
            }
        }
        return scores;
    }

    private static List<Row> measureBatch(VitShape shape, List<Variant> variants, int batch, int rounds) {
        for (Variant variant : variants) {
            time(variant, batch, 2, 1); // warm-up: first shapes, allocator, kernels
        }
        int repeats = (int) Math.max(
                MIN_REPEATS,
                Math.min(MAX_REPEATS, Math.ceil(ROUND_TARGET_MILLIS / time(variants.get(0), batch, 0, 3))));
        double[][] roundMedians = new double[variants.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int offset = 0; offset < variants.size(); offset++) {
                int index = (round + offset) % variants.size(); // rotates which model goes first in a round
                roundMedians[index][round] = time(variants.get(index), batch, 1, repeats);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int index = 0; index < variants.size(); index++) {
            Variant variant = variants.get(index);
            rows.add(new Row(
                    shape, batch, variant.label(), variant.plan(), roundMedians[index], roundMedians[0], repeats));
            LOG.info(
                    "{} batch {} {}: round medians {} ms",
                    shape.name(),
                    batch,
                    variant.label(),
                    Arrays.toString(roundMedians[index]));
        }
        return rows;
    }

    private static double time(Variant variant, int batch, int warmups, int repeats) {
        return Latency.medianMillis(
                VitFactory.vit(variant.model()), variant.model().getNDManager(), batch, warmups, repeats);
    }

    private static String table(List<Row> rows) {
        StringBuilder text = new StringBuilder();
        text.append("| model | batch | method | attention weights kept | MACs / image (M) | MAC ratio dense/x, ")
                .append("whole model | MAC ratio dense/x, attention only | timed forwards (rounds × repeats) | ")
                .append("median latency (ms) | measured speed-up dense/x (per-round range) | fastest round (ms) | ")
                .append("speed-up of fastest rounds |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            ModelPlan dense = ModelPlan.dense(row.shape());
            double[] range = row.roundSpeedUps();
            text.append("| ")
                    .append(row.shape().name())
                    .append(" | ")
                    .append(row.batch())
                    .append(" | ")
                    .append(row.label())
                    .append(" | ")
                    .append(BenchEnvironment.format(ModelCost.attentionFraction(row.plan()), 3))
                    .append(" | ")
                    .append(BenchEnvironment.format(ModelCost.of(row.plan()).macs() / 1e6, 1))
                    .append(" | ")
                    .append(ratio(
                            ModelCost.of(dense).macs(), ModelCost.of(row.plan()).macs()))
                    .append(" | ")
                    .append(ratio(
                            ModelCost.attention(dense).macs(),
                            ModelCost.attention(row.plan()).macs()))
                    .append(" | ")
                    .append(row.roundMedians().length)
                    .append(" × ")
                    .append(row.repeats())
                    .append(" | ")
                    .append(BenchEnvironment.format(row.median(), row.median() < 10 ? 3 : 1))
                    .append(" | ")
                    .append(BenchEnvironment.format(row.speedUp(), 2))
                    .append("× (")
                    .append(BenchEnvironment.format(range[0], 2))
                    .append("–")
                    .append(BenchEnvironment.format(range[1], 2))
                    .append(") | ")
                    .append(BenchEnvironment.format(row.fastest(), row.fastest() < 10 ? 3 : 1))
                    .append(" | ")
                    .append(BenchEnvironment.format(row.fastestSpeedUp(), 2))
                    .append("× |\n");
        }
        return text.toString();
    }

    private static String ratio(long dense, long compressed) {
        return BenchEnvironment.format((double) dense / compressed, 2) + "×";
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
