package org.ranksweep.worker.ranksearch;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.Scalars;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.ModelTrainer;
import org.ranksweep.worker.train.Teacher;
import org.ranksweep.worker.train.TrainingCancelledException;
import org.ranksweep.worker.train.TrainingDivergedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COMCAT's automatic rank selection (COMCAT.md §4). Every matrix starts at its largest candidate, SVD-initialised
 * from the dense model, in a {@link Supernet}. Each search epoch e (temperature τ_e of a geometric schedule):
 * <ol>
 *   <li>{@code searchSteps} gate updates on the HELD-OUT slice of the training split (never the test split), each on
 *       a batch of {@code searchBatch} images (the gates' own batch, not the fine-tuning one), cycling over the slice
 *       in passes reshuffled per epoch and pass; they update only the gate logits, with loss CE·(C/target)^β while
 *       the expected weights C exceed the target, else CE; the supernet's forward applies the soft masks, so each
 *       update costs one forward/backward at the largest ranks;</li>
 *   <li>the ranks, by the spec's {@code selection}: {@code argmax} (default, the reference's) takes each matrix's
 *       most probable rank under softmax(α) on its own ({@link ArgmaxChoice}), so the achieved weights may miss the
 *       target; {@code budgeted} takes the most probable joint choice whose weights lie within
 *       [{@value #BAND_BELOW_TARGET} under the target, the target] ({@link BudgetedChoice});</li>
 *   <li>the subnet at those ranks, re-factorised by SVD from the current weights, trains one epoch on the TRAINING
 *       split (fine-tuning recipe, constant learning rate) and is merged back into the supernet.</li>
 * </ol>
 * The last epoch's ranks and trained subnet are the outcome; fine-tuning follows in the trial runner. Metrics
 * (phase {@code search}, split {@code heldout} unless noted): per epoch the temperature, the gate updates made
 * ({@code gateUpdates}), their mean loss and expected weights, the gate distribution softmax(α) of every matrix
 * ({@code gate.qk.0.r12}), its entropy in nats ({@code entropy.qk.0}; ln 6 ≈ 1.79 is uniform over six candidates, 0
 * is converged) and their mean ({@code entropy}), the chosen rank per matrix ({@code rank.qk.0}) and its weights
 * ({@code chosenWeights} against {@code targetWeights}), and the subnet's training summary (split {@code train});
 * at epoch 0 the final choice's {@code targetWeights}, {@code achievedWeights}, {@code achievedOverTarget} and
 * {@code denseWeights}, also logged. Progress: {@link SearchListener#onBatch} once per gate update (out of
 * {@code searchSteps}) and once per weight batch. Not thread-safe: one search on the calling thread; its training
 * steps share the JVM-wide gradient section with other trainers.
 */
public final class RankSearch {

    /** The chosen ranks may undershoot the target weights by at most this fraction. */
    static final double BAND_BELOW_TARGET = 0.02;

    private static final Logger LOG = LoggerFactory.getLogger(RankSearch.class);

    private final SearchSettings settings;
    private final SearchListener listener;
    private final CancellationFlag cancellation;

    public RankSearch(SearchSettings settings, SearchListener listener, CancellationFlag cancellation) {
        this.settings = settings;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    /**
     * Searches ranks for {@code base} (a dense model, also the distillation teacher) on {@code data}'s held-out
     * slice and trains on its training split; {@code data.test()} is never read.
     */
    public SearchOutcome run(Model base, SplitDataset data) {
        if (data.heldOut().size() == 0) {
            throw new IllegalArgumentException("the rank search needs a held-out slice of the training split "
                    + "(dataset.heldOut > 0); it never searches on the test split");
        }
        SearchSpace space = SearchSpace.of(VitFactory.vit(base).shape(), settings.spec(), settings.rho());
        SearchReport report = new SearchReport(space, listener);
        TemperatureSchedule schedule = new TemperatureSchedule(
                settings.spec().temperatureStart(),
                settings.spec().temperatureEnd(),
                settings.spec().searchEpochs());
        Teacher teacher = new Teacher(VitFactory.vit(base), base.getNDManager());
        Model subnet = null;
        int[] choice = space.largest();
        try (Supernet supernet = Supernet.build(base, space);
                GateLogits gates = new GateLogits(space, supernet.model().getNDManager(), settings.seed())) {
            for (int epoch = 1; epoch <= schedule.epochs(); epoch++) {
                long started = System.nanoTime();
                if (subnet != null) {
                    supernet.absorb(subnet);
                    subnet.close();
                    subnet = null;
                    supernet.refactorize();
                }
                long refactorized = System.nanoTime();
                double temperature = schedule.at(epoch);
                LogitPass pass = logitPass(supernet, gates, data, temperature, epoch, schedule.epochs());
                choice = choose(space, gates);
                double[] entropies = gates.entropies();
                report.epoch(
                        epoch,
                        new SearchReport.Gates(
                                temperature,
                                pass.updates(),
                                pass.loss(),
                                pass.costRatio(),
                                gates.probabilities(),
                                entropies),
                        choice);
                long searched = System.nanoTime();
                subnet = supernet.extract(choice, "comcat-auto");
                new ModelTrainer(
                                settings.weightEpoch(epoch),
                                report.trainingListener(epoch, schedule.epochs()),
                                cancellation)
                        .train(VitFactory.vit(subnet), subnet.getNDManager(), data, teacher);
                LOG.info(
                        "Search epoch {}/{} (temperature {}): {} gate updates, mean gate entropy {} nats, ranks {}"
                                + " ({} weights for a target of {}); re-factorise {} s, gate updates {} s, weight epoch {} s",
                        epoch,
                        schedule.epochs(),
                        String.format("%.3g", temperature),
                        pass.updates(),
                        String.format("%.3f", Arrays.stream(entropies).average().orElse(0)),
                        space.namedRanks(choice).values(),
                        space.weights(choice),
                        space.targetWeights(),
                        seconds(started, refactorized),
                        seconds(refactorized, searched),
                        seconds(searched, System.nanoTime()));
            }
            SearchOutcome outcome = new SearchOutcome(
                    space.plan(choice),
                    subnet,
                    space.namedRanks(choice),
                    space.targetWeights(),
                    space.weights(choice),
                    space.denseWeights());
            report.outcome(outcome);
            LOG.info(
                    "Rank search done ({} selection): ranks {}, achieved weights {} for a target of {} ({}%)",
                    settings.spec().selection(),
                    outcome.ranks(),
                    outcome.achievedWeights(),
                    outcome.targetWeights(),
                    String.format("%+.2f", 100 * outcome.relativeDeviation()));
            subnet = null;
            return outcome;
        } finally {
            if (subnet != null) {
                subnet.close();
            }
        }
    }

    private static String seconds(long from, long to) {
        return String.format("%.2f", (to - from) / 1e9);
    }

    private int[] choose(SearchSpace space, GateLogits gates) {
        if (RankSearchSpec.ARGMAX.equals(settings.spec().selection())) {
            return ArgmaxChoice.choose(gates.logProbabilities());
        }
        long[][] weights =
                space.matrices().stream().map(SearchSpace.Matrix::weights).toArray(long[][]::new);
        long target = space.targetWeights();
        long lower = (long) Math.ceil(target * (1 - BAND_BELOW_TARGET));
        return BudgetedChoice.choose(gates.logProbabilities(), weights, lower, target);
    }

    /** Gate updates made, their mean loss and mean expected-weights ratio in one search epoch. */
    record LogitPass(int updates, double loss, double costRatio) {}

    /**
     * The search epoch's {@code searchSteps} gate updates over the held-out slice, batch {@code searchBatch}: pass p
     * of epoch e takes its own shuffled order, so the slice is cycled as often as the steps need.
     */
    private LogitPass logitPass(
            Supernet supernet, GateLogits gates, SplitDataset data, double temperature, int epoch, int epochs) {
        TorchRuntime.disableGradients();
        int steps = settings.spec().searchSteps();
        Batches batches = new Batches(
                data.heldOut(), data.normalization(), settings.spec().searchBatch());
        int passesPerEpoch = (steps + batches.count() - 1) / batches.count();
        NDManager manager = supernet.model().getNDManager();
        ParameterStore parameterStore = new ParameterStore(manager, false);
        int updatesBefore = gates.updates();
        int[] order = null;
        double lossSum = 0;
        double ratioSum = 0;
        for (int step = 0; step < steps; step++) {
            if (cancellation.isCancelled()) {
                throw new TrainingCancelledException("rank search cancelled at search epoch " + epoch + ", gate"
                        + " update " + (step + 1) + " of " + steps);
            }
            int index = step % batches.count();
            if (index == 0) {
                int pass = step / batches.count();
                order = Batches.epochOrder(
                        data.heldOut().size(), settings.seed(), (epoch - 1) * passesPerEpoch + pass + 1);
            }
            try (NDManager scope = manager.newSubManager()) {
                ImageBatch batch = batches.load(scope, order, index, null);
                double[] result = logitStep(supernet, gates, parameterStore, scope, batch, temperature);
                lossSum += result[0];
                ratioSum += result[1];
            }
            listener.onBatch(epoch, epochs, step + 1, steps);
        }
        return new LogitPass(gates.updates() - updatesBefore, lossSum / steps, ratioSum / steps);
    }

    /** Forward with soft masks, backward to the logits, one AdamW step on them: {loss, expected-weights ratio}. */
    private double[] logitStep(
            Supernet supernet,
            GateLogits gates,
            ParameterStore parameterStore,
            NDManager scope,
            ImageBatch batch,
            double temperature) {
        ReentrantLock section = ModelTrainer.gradientSection();
        section.lock();
        try {
            float lossValue;
            float ratio;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                GateLogits.Sample sample = gates.sample(scope, temperature);
                NDArray logits = supernet.vit()
                        .forward(
                                parameterStore,
                                new NDList(batch.images()),
                                true,
                                sample.masks().request())
                        .head();
                NDArray crossEntropy = batch.labels()
                        .oneHot(supernet.vit().shape().classes())
                        .mul(logits.logSoftmax(-1))
                        .sum(new int[] {-1})
                        .mean()
                        .neg();
                ratio = sample.costRatio().getFloat();
                NDArray loss = ratio > 1
                        ? crossEntropy.mul(Scalars.power(
                                sample.costRatio(), settings.spec().beta()))
                        : crossEntropy;
                lossValue = loss.getFloat();
                if (!Float.isFinite(lossValue)) {
                    throw new TrainingDivergedException("rank search loss is " + lossValue);
                }
                collector.backward(loss);
            }
            gates.update();
            return new double[] {lossValue, ratio};
        } finally {
            section.unlock();
        }
    }
}
