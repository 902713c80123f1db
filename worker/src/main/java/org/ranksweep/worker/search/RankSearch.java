package org.ranksweep.worker.search;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.concurrent.locks.ReentrantLock;
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
 *   <li>one pass over the HELD-OUT slice of the training split (never the test split) updates only the gate
 *       logits, with loss CE·(C/target)^β while the expected weights C exceed the target, else CE; the supernet's
 *       forward applies the soft masks, so each step costs one forward/backward at the largest ranks;</li>
 *   <li>the ranks: the most probable choice under the logits whose weights lie within
 *       [{@value #BAND_BELOW_TARGET} under the target, the target] ({@link BudgetedChoice});</li>
 *   <li>the subnet at those ranks, re-factorised by SVD from the current weights, trains one epoch on the TRAINING
 *       split (fine-tuning recipe, constant learning rate) and is merged back into the supernet.</li>
 * </ol>
 * The last epoch's ranks and trained subnet are the outcome; fine-tuning follows in the trial runner. Metrics
 * (phase {@code search}): per epoch the temperature, the logit pass's mean loss and expected weights, the gate
 * distribution softmax(α) of every matrix ({@code gate.qk.0.r12}), the chosen rank per matrix ({@code rank.qk.0}) and
 * its weights, and the subnet's training summary; at epoch 0 the target and achieved weights. Not thread-safe:
 * one search on the calling thread; its training steps share the JVM-wide gradient section with other trainers.
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
        TemperatureSchedule schedule = new TemperatureSchedule(settings.spec().temperatureStart(),
                settings.spec().temperatureEnd(), settings.spec().searchEpochs());
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
                report.epoch(epoch, temperature, pass.loss(), pass.costRatio(), gates.probabilities(), choice);
                long searched = System.nanoTime();
                subnet = supernet.extract(choice, "comcat-auto");
                new ModelTrainer(settings.weightEpoch(epoch), report.trainingListener(epoch, schedule.epochs()),
                        cancellation).train(VitFactory.vit(subnet), subnet.getNDManager(), data, teacher);
                LOG.info("Search epoch {}/{} (temperature {}): ranks {}; re-factorise {} s, logit pass {} s, weight"
                        + " epoch {} s", epoch, schedule.epochs(), String.format("%.3g", temperature),
                        space.namedRanks(choice).values(), seconds(started, refactorized),
                        seconds(refactorized, searched), seconds(searched, System.nanoTime()));
            }
            SearchOutcome outcome = new SearchOutcome(space.plan(choice), subnet, space.namedRanks(choice),
                    space.targetWeights(), space.weights(choice), space.denseWeights());
            report.outcome(outcome);
            LOG.info("Rank search done: ranks {}, weights {} for a target of {} ({}%)", outcome.ranks(),
                    outcome.achievedWeights(), outcome.targetWeights(),
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

    private static int[] choose(SearchSpace space, GateLogits gates) {
        long[][] weights = space.matrices().stream().map(SearchSpace.Matrix::weights).toArray(long[][]::new);
        long target = space.targetWeights();
        long lower = (long) Math.ceil(target * (1 - BAND_BELOW_TARGET));
        return BudgetedChoice.choose(gates.logProbabilities(), weights, lower, target);
    }

    /** Mean loss and mean expected-weights ratio of one logit pass. */
    record LogitPass(double loss, double costRatio) {
    }

    /** One pass over the held-out slice updating only the gate logits. */
    private LogitPass logitPass(Supernet supernet, GateLogits gates, SplitDataset data, double temperature,
                                int epoch, int epochs) {
        TorchRuntime.disableGradients();
        Batches batches = new Batches(data.heldOut(), data.normalization(), settings.batch());
        int[] order = Batches.epochOrder(data.heldOut().size(), settings.seed(), epoch);
        NDManager manager = supernet.model().getNDManager();
        ParameterStore parameterStore = new ParameterStore(manager, false);
        double lossSum = 0;
        double ratioSum = 0;
        for (int index = 0; index < batches.count(); index++) {
            if (cancellation.isCancelled()) {
                throw new TrainingCancelledException("rank search cancelled at search epoch " + epoch + ", batch "
                        + (index + 1) + " of " + batches.count());
            }
            try (NDManager scope = manager.newSubManager()) {
                ImageBatch batch = batches.load(scope, order, index, null);
                double[] step = logitStep(supernet, gates, parameterStore, scope, batch, temperature);
                lossSum += step[0];
                ratioSum += step[1];
            }
            listener.onBatch(epoch, epochs, index + 1, batches.count());
        }
        return new LogitPass(lossSum / batches.count(), ratioSum / batches.count());
    }

    /** Forward with soft masks, backward to the logits, one AdamW step on them: {loss, expected-weights ratio}. */
    private double[] logitStep(Supernet supernet, GateLogits gates, ParameterStore parameterStore, NDManager scope,
                               ImageBatch batch, double temperature) {
        ReentrantLock section = ModelTrainer.gradientSection();
        section.lock();
        try {
            float lossValue;
            float ratio;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                GateLogits.Sample sample = gates.sample(scope, temperature);
                NDArray logits = supernet.vit().forward(parameterStore, new NDList(batch.images()), true,
                        sample.masks().request()).head();
                NDArray crossEntropy = batch.labels().oneHot(supernet.vit().shape().classes())
                        .mul(logits.logSoftmax(-1)).sum(new int[] {-1}).mean().neg();
                ratio = sample.costRatio().getFloat();
                NDArray loss = ratio > 1
                        ? crossEntropy.mul(Scalars.power(sample.costRatio(), settings.spec().beta())) : crossEntropy;
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
