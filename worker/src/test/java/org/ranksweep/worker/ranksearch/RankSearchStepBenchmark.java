package org.ranksweep.worker.ranksearch;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.worker.bench.BenchEnvironment;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.EncoderBlock;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times one step of the rank search's logit pass on the tiny ViT at batch 128 against one training step of the
 * max-rank model (forward, backward, AdamW on every weight) and against the per-candidate alternative (the same
 * logit step, but the supernet's attention computed once per candidate: per QK candidate its own truncated query
 * and key projections and logits, mixed before the softmax; per VO candidate its own value projection, attention
 * product and output projection, mixed after), and writes {@code benchmarks/rank-search.md}. The three steps run
 * interleaved, round after round, so load changes hit all of them alike; each figure is the median of the timed
 * rounds. A harness run by hand, not a test. Arguments (optional): PyTorch threads (default 1), timed rounds
 * (default 30).
 */
public final class RankSearchStepBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(RankSearchStepBenchmark.class);
    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final int BATCH = 128;
    private static final int WARMUP = 5;
    private static final String COMMAND = "./mvnw -q -pl worker -am test-compile dependency:build-classpath "
            + "-Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test \\\n  && java -cp "
            + "\"worker/target/test-classes:worker/target/classes:core/target/classes:$(cat worker/target/test.classpath)"
            + "\" org.ranksweep.worker.ranksearch.RankSearchStepBenchmark [threads] [rounds]";

    private RankSearchStepBenchmark() {}

    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        TorchRuntime.start(threads);
        TorchRuntime.disableGradients();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> rows = new ArrayList<>();
        double[] attention;
        double[] mlp;
        double agreement;
        try (Model base = VitFactory.create("base", ModelPlan.dense(TINY), 1)) {
            Setup attentionOnly = new Setup(base, false);
            Setup withMlp = new Setup(base, true);
            try (attentionOnly;
                    withMlp) {
                agreement = attentionOnly.perCandidateAgreement();
                attention = time(
                        rounds,
                        attentionOnly::trainingStep,
                        attentionOnly::searchStep,
                        attentionOnly::perCandidateStep);
                mlp = time(rounds, withMlp::trainingStep, withMlp::searchStep);
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        rows.add(row("QK, VO of 4 blocks (8 matrices × 6 candidates)", attention[0], attention[1], attention[2]));
        rows.add(row("QK, VO, fc1, fc2 of 4 blocks + head (17 matrices × 6 candidates)", mlp[0], mlp[1], Double.NaN));
        Path output = BenchEnvironment.resultsFile("rank-search.md");
        String report = report(threads, rounds, loadBefore, loadAfter, rows, attention, mlp, agreement);
        Files.writeString(output, report, StandardCharsets.UTF_8);
        LOG.info(
                "attention only: training {} ms, search {} ms ({}×), per-candidate {} ms ({}×); with MLP: training {}"
                        + " ms, search {} ms ({}×); wrote {}",
                ms(attention[0]),
                ms(attention[1]),
                ratio(attention[1] / attention[0]),
                ms(attention[2]),
                ratio(attention[2] / attention[0]),
                ms(mlp[0]),
                ms(mlp[1]),
                ratio(mlp[1] / mlp[0]),
                output);
    }

    /** Median milliseconds of each step over the timed rounds, the steps run in turn within each round. */
    @SafeVarargs
    private static double[] time(int rounds, Function<Integer, Double>... steps) {
        double[][] samples = new double[steps.length][rounds];
        for (int round = -WARMUP; round < rounds; round++) {
            for (int index = 0; index < steps.length; index++) {
                double millis = steps[index].apply(round + WARMUP);
                if (round >= 0) {
                    samples[index][round] = millis;
                }
            }
        }
        double[] medians = new double[steps.length];
        for (int index = 0; index < steps.length; index++) {
            Arrays.sort(samples[index]);
            medians[index] = samples[index][rounds / 2];
        }
        return medians;
    }

    /** A supernet, its gates and a trainable model at the supernet's (largest) ranks, for one search space. */
    private static final class Setup implements AutoCloseable {
        private final SearchSpace space;
        private final Supernet supernet;
        private final GateLogits gates;
        private final Model widest;
        private final Optimizer optimizer = Optimizer.adamW().build();
        private final List<Parameter> trainable = new ArrayList<>();
        private final List<List<Truncation>> qkSlices = new ArrayList<>();
        private final List<List<Truncation>> voSlices = new ArrayList<>();

        Setup(Model base, boolean searchMlp) {
            RankSearchSpec spec = new RankSearchSpec(
                    RankCandidates.defaults(TINY),
                    searchMlp,
                    1,
                    1.5,
                    5,
                    0.1,
                    RankSearchSpec.SEARCH_BATCH,
                    RankSearchSpec.SEARCH_STEPS,
                    RankSearchSpec.ARGMAX);
            space = SearchSpace.of(TINY, spec, 0.5);
            supernet = Supernet.build(base, space);
            gates = new GateLogits(space, supernet.model().getNDManager(), 1);
            widest = supernet.extract(space.largest(), "widest");
            for (Pair<String, Parameter> entry : VitFactory.vit(widest).getParameters()) {
                trainable.add(entry.getValue());
            }
            for (EncoderBlock block : supernet.vit().blocks()) {
                qkSlices.add(slices(block.attention(), spec.candidates().qk(), true));
                voSlices.add(slices(block.attention(), spec.candidates().vo(), false));
            }
        }

        @Override
        public void close() {
            widest.close();
            gates.close();
            supernet.close();
        }

        /** Forward, backward and AdamW on every weight of the max-rank model. */
        double trainingStep(int seed) {
            NDManager manager = widest.getNDManager();
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = batch(scope, seed);
                long start = System.nanoTime();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = VitFactory.vit(widest)
                            .forward(new ParameterStore(manager, false), new NDList(batch.images), true)
                            .head();
                    NDArray loss = crossEntropy(logits, batch.labels);
                    loss.getFloat();
                    collector.backward(loss);
                }
                for (Parameter parameter : trainable) {
                    try (NDArray gradient = parameter.getArray().getGradient()) {
                        optimizer.update(parameter.getId(), parameter.getArray(), gradient);
                    }
                }
                return (System.nanoTime() - start) / 1e6;
            }
        }

        /** One logit step as the search runs it: soft masks, one forward at the largest ranks. */
        double searchStep(int seed) {
            return logitStep(seed, false);
        }

        /** The same logit step with the attention computed once per candidate. */
        double perCandidateStep(int seed) {
            return logitStep(seed, true);
        }

        private double logitStep(int seed, boolean perCandidate) {
            NDManager manager = supernet.model().getNDManager();
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = batch(scope, seed);
                ParameterStore parameterStore = new ParameterStore(manager, false);
                long start = System.nanoTime();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    GateLogits.Sample sample = gates.sample(scope, 1.0);
                    NDArray logits = perCandidate
                            ? perCandidateForward(parameterStore, batch.images, sample)
                            : supernet.vit()
                                    .forward(
                                            parameterStore,
                                            new NDList(batch.images),
                                            true,
                                            sample.masks().request())
                                    .head();
                    NDArray crossEntropy = crossEntropy(logits, batch.labels);
                    NDArray loss = crossEntropy.mul(sample.costRatio().pow(1.5f));
                    loss.getFloat();
                    collector.backward(loss);
                }
                gates.update();
                return (System.nanoTime() - start) / 1e6;
            }
        }

        /** Largest |difference| of the two forwards' logits for the same gates. */
        double perCandidateAgreement() {
            NDManager manager = supernet.model().getNDManager();
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = batch(scope, 0);
                ParameterStore parameterStore = new ParameterStore(manager, false);
                GateLogits.Sample sample = gates.sample(scope, 1.0);
                NDArray masked = supernet.vit()
                        .forward(
                                parameterStore,
                                new NDList(batch.images),
                                false,
                                sample.masks().request())
                        .head();
                NDArray separate = perCandidateForward(parameterStore, batch.images, sample);
                return masked.sub(separate).abs().max().getFloat();
            }
        }

        private NDArray perCandidateForward(ParameterStore parameterStore, NDArray images, GateLogits.Sample sample) {
            VisionTransformerBlock vit = supernet.vit();
            NDList tokens = vit.embedding().forward(parameterStore, new NDList(images), true);
            for (int index = 0; index < vit.blocks().size(); index++) {
                EncoderBlock block = vit.blocks().get(index);
                NDArray x = tokens.singletonOrThrow();
                NDArray normed = block.attentionNorm()
                        .forward(parameterStore, tokens, true)
                        .singletonOrThrow();
                NDArray mixed = x.add(perCandidateAttention(
                        block.attention(),
                        normed,
                        sample.gates().get(2 * index),
                        sample.gates().get(2 * index + 1),
                        index,
                        parameterStore));
                NDList hidden = block.fc1()
                        .forward(
                                parameterStore, block.mlpNorm().forward(parameterStore, new NDList(mixed), true), true);
                NDList activated = new NDList(Activation.gelu(hidden.singletonOrThrow()));
                tokens = new NDList(mixed.add(
                        block.fc2().forward(parameterStore, activated, true).singletonOrThrow()));
            }
            NDArray normed =
                    vit.finalNorm().forward(parameterStore, tokens, true).singletonOrThrow();
            return vit.head()
                    .forward(parameterStore, new NDList(normed.get(":, 0, :")), true)
                    .singletonOrThrow();
        }

        private NDArray perCandidateAttention(
                AttentionBlock attention,
                NDArray x,
                NDArray qkGates,
                NDArray voGates,
                int block,
                ParameterStore parameterStore) {
            long batch = x.getShape().get(0);
            long tokens = x.getShape().get(1);
            int heads = TINY.heads();
            NDArray logits = null;
            List<Truncation> qk = qkSlices.get(block);
            for (int candidate = 0; candidate < qk.size(); candidate++) {
                Truncation slice = qk.get(candidate);
                NDArray queries = heads(x.matMul(slice.first).add(slice.firstBias), batch, tokens, heads, slice.rank);
                NDArray keys = heads(x.matMul(slice.second).add(slice.secondBias), batch, tokens, heads, slice.rank);
                NDArray term = queries.matMul(keys.transpose(0, 1, 3, 2))
                        .mul(qkGates.get(candidate).mul((float) (1 / Math.sqrt(TINY.headWidth()))));
                logits = logits == null ? term : logits.add(term);
            }
            NDArray weights = logits.softmax(-1);
            NDArray output = null;
            List<Truncation> vo = voSlices.get(block);
            for (int candidate = 0; candidate < vo.size(); candidate++) {
                Truncation slice = vo.get(candidate);
                NDArray values = heads(x.matMul(slice.first).add(slice.firstBias), batch, tokens, heads, slice.rank);
                NDArray context =
                        weights.matMul(values).transpose(0, 2, 1, 3).reshape(batch, tokens, (long) heads * slice.rank);
                NDArray term = context.matMul(slice.second).mul(voGates.get(candidate));
                output = output == null ? term : output.add(term);
            }
            Linear out = (Linear) attention.output();
            return output.add(parameterStore.getValue(out.getParameters().get("bias"), x.getDevice(), true));
        }
    }

    /**
     * One candidate's truncated factors, cut once from the frozen supernet: for QK the query (first) and key
     * (second) projections d×(h·r) with biases; for VO the value projection and the output rows (h·r)×d.
     */
    private record Truncation(int rank, NDArray first, NDArray firstBias, NDArray second, NDArray secondBias) {}

    private static List<Truncation> slices(AttentionBlock attention, List<Integer> ranks, boolean queryKey) {
        int heads = TINY.heads();
        List<Truncation> slices = new ArrayList<>();
        for (int rank : ranks) {
            if (queryKey) {
                Linear query = (Linear) attention.query();
                Linear key = (Linear) attention.key();
                slices.add(new Truncation(
                        rank,
                        columns(query, heads, rank),
                        bias(query, heads, rank),
                        columns(key, heads, rank),
                        bias(key, heads, rank)));
            } else {
                Linear value = (Linear) attention.value();
                NDArray outputWeight = ((Linear) attention.output())
                        .getParameters()
                        .get("weight")
                        .getArray();
                long width = outputWeight.getShape().get(0);
                long full = outputWeight.getShape().get(1) / heads;
                NDArray rows = outputWeight
                        .reshape(width, heads, full)
                        .get(":, :, :" + rank)
                        .reshape(width, (long) heads * rank)
                        .transpose();
                slices.add(new Truncation(rank, columns(value, heads, rank), bias(value, heads, rank), rows, null));
            }
        }
        return slices;
    }

    /** The first {@code rank} output columns of every head of a projection, as an in×(h·r) matrix. */
    private static NDArray columns(Linear linear, int heads, int rank) {
        NDArray weight = linear.getParameters().get("weight").getArray();
        long full = weight.getShape().get(0) / heads;
        long in = weight.getShape().get(1);
        return weight.reshape(heads, full, in)
                .get(":, :" + rank + ", :")
                .reshape((long) heads * rank, in)
                .transpose();
    }

    private static NDArray bias(Linear linear, int heads, int rank) {
        NDArray bias = linear.getParameters().get("bias").getArray();
        return bias.reshape(heads, bias.getShape().get(0) / heads)
                .get(":, :" + rank)
                .reshape((long) heads * rank);
    }

    private static NDArray heads(NDArray projected, long batch, long tokens, int heads, int rank) {
        return projected.reshape(batch, tokens, heads, rank).transpose(0, 2, 1, 3);
    }

    private record Batch(NDArray images, NDArray labels) {}

    private static Batch batch(NDManager scope, int seed) {
        scope.getEngine().setRandomSeed(seed);
        return new Batch(
                scope.randomNormal(new Shape(BATCH, 1, TINY.imageSize(), TINY.imageSize())),
                scope.randomInteger(0, TINY.classes(), new Shape(BATCH), DataType.INT64));
    }

    private static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return labels.oneHot(TINY.classes())
                .mul(logits.logSoftmax(-1))
                .sum(new int[] {-1})
                .mean()
                .neg();
    }

    private static String row(String space, double training, double search, double perCandidate) {
        String alternative = Double.isNaN(perCandidate) ? "—" : ms(perCandidate);
        String alternativeRatio = Double.isNaN(perCandidate) ? "—" : ratio(perCandidate / training) + "×";
        return "| " + space + " | " + ms(training) + " | " + ms(search) + " | " + ratio(search / training) + "× | "
                + alternative + " | " + alternativeRatio + " |";
    }

    private static String report(
            int threads,
            int rounds,
            double loadBefore,
            double loadAfter,
            List<String> rows,
            double[] attention,
            double[] mlp,
            double agreement) {
        String verdict = attention[1] <= 1.3 * attention[0] && mlp[1] <= 1.3 * mlp[0] ? "met" : "NOT met";
        return "# Rank search: one logit step against one training step\n\n"
                + "Written by `RankSearchStepBenchmark` (worker test scope); numbers are from one run.\n\n"
                + "- date: " + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "- machine: `nproc` = " + Runtime.getRuntime().availableProcessors() + ", Java "
                + System.getProperty("java.version") + ", DJL PyTorch engine (CPU), " + threads
                + " intra-op thread(s)\n"
                + "- load average (1 min) before/after: "
                + String.format(Locale.ROOT, "%.1f / %.1f", loadBefore, loadAfter) + " (the benchmark itself keeps "
                + threads + " core(s) busy; the steps ran interleaved so"
                + " that load from other jobs hits all of them alike)\n"
                + "- model: vit-tiny-fmnist (d 96, 4 heads of 24, depth 4, " + ModelCatalog.VIT_TINY_FMNIST.tokens()
                + " tokens), batch " + BATCH
                + ", default candidates (per head 4..24, fc 11..64, head 2..9), ρ = 0.5; median of " + rounds
                + " rounds after " + WARMUP + " warm-up rounds\n"
                + "- training step: forward, backward and AdamW on every weight of the model at the largest"
                + " candidates (here the full head width, as costly as the dense attention)\n"
                + "- search step (shipped): Gumbel-softmax gates, soft singular-value masks, one forward of the"
                + " supernet at the largest ranks, CE·(C/target)^1.5, backward to the logits only (the supernet's"
                + " weights record no gradient), AdamW on the logits\n"
                + "- per-candidate step (the alternative): the same, but each block's attention computed once per"
                + " candidate (its own truncated q, k projections and logits mixed before the softmax; its own v"
                + " projection, attention product and output projection mixed after); MLP and the rest shared."
                + " Its logits agree with the masked forward to " + String.format(Locale.ROOT, "%.1e", agreement)
                + "\n\n"
                + "| searched matrices | training step (ms) | search step (ms) | search / training |"
                + " per-candidate step (ms) | per-candidate / training |\n|---|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n\n"
                + "- target (search step ≤ 1.3 × training step): " + verdict + "\n\n"
                + "Command (from the repository root):\n\n```\n" + COMMAND + "\n```\n";
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
