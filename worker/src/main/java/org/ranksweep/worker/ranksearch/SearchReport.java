package org.ranksweep.worker.ranksearch;

import java.util.List;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.train.EpochSummary;
import org.ranksweep.worker.train.TrainingListener;

/**
 * Turns a rank search's epochs into metrics of phase {@value #PHASE}: selection values (temperature, gate updates,
 * their mean loss, expected and chosen weights, gate distributions and their entropies, chosen ranks) on split
 * {@code heldout}, where the logits were fitted; the subnet's weight epoch like any training epoch (split
 * {@code train}, plus held-out top-1); the final choice's target and achieved weights at epoch 0. Not thread-safe.
 */
final class SearchReport {

    static final String PHASE = "search";
    private static final String HELD_OUT = "heldout";
    private static final String TRAIN = "train";

    private final SearchSpace space;
    private final SearchListener listener;

    SearchReport(SearchSpace space, SearchListener listener) {
        this.space = space;
        this.listener = listener;
    }

    /**
     * The gates after one search epoch's updates.
     *
     * @param temperature   the epoch's Gumbel-softmax temperature
     * @param updates       gate updates made in the epoch
     * @param loss          their mean loss
     * @param costRatio     their mean expected weights over the target
     * @param probabilities softmax(α) per matrix
     * @param entropies     the entropy of each matrix's softmax(α), in nats
     */
    record Gates(
            double temperature,
            int updates,
            double loss,
            double costRatio,
            double[][] probabilities,
            double[] entropies) {}

    /** One search epoch's gates and {@code choice}, its pick. */
    void epoch(int epoch, Gates gates, int[] choice) {
        metric(epoch, HELD_OUT, "temperature", gates.temperature());
        metric(epoch, HELD_OUT, "gateUpdates", gates.updates());
        metric(epoch, HELD_OUT, "loss", gates.loss());
        metric(epoch, HELD_OUT, "expectedWeights", gates.costRatio() * space.targetWeights());
        metric(epoch, HELD_OUT, "chosenWeights", space.weights(choice));
        metric(epoch, HELD_OUT, "targetWeights", space.targetWeights());
        List<SearchSpace.Matrix> matrices = space.matrices();
        double entropySum = 0;
        for (int index = 0; index < matrices.size(); index++) {
            SearchSpace.Matrix matrix = matrices.get(index);
            for (int candidate = 0; candidate < gates.probabilities()[index].length; candidate++) {
                metric(
                        epoch,
                        HELD_OUT,
                        "gate." + matrix.name() + ".r" + matrix.candidates().get(candidate),
                        gates.probabilities()[index][candidate]);
            }
            metric(epoch, HELD_OUT, "entropy." + matrix.name(), gates.entropies()[index]);
            entropySum += gates.entropies()[index];
            metric(epoch, HELD_OUT, "rank." + matrix.name(), matrix.candidates().get(choice[index]));
        }
        metric(epoch, HELD_OUT, "entropy", entropySum / matrices.size());
    }

    /** The outcome's weights next to the target, at epoch 0. */
    void outcome(SearchOutcome outcome) {
        metric(0, HELD_OUT, "targetWeights", outcome.targetWeights());
        metric(0, HELD_OUT, "achievedWeights", outcome.achievedWeights());
        metric(0, HELD_OUT, "denseWeights", outcome.denseWeights());
        metric(0, HELD_OUT, "achievedOverTarget", (double) outcome.achievedWeights() / outcome.targetWeights());
    }

    /** Reports the subnet's one weight epoch as search epoch {@code epoch}. */
    TrainingListener trainingListener(int epoch, int epochs) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {
                metric(epoch, TRAIN, "loss", summary.loss());
                metric(epoch, TRAIN, "top1", summary.trainTop1());
                if (!Double.isNaN(summary.heldOutTop1())) {
                    metric(epoch, HELD_OUT, "top1", summary.heldOutTop1());
                }
                metric(epoch, TRAIN, "lr", summary.lr());
                metric(epoch, TRAIN, "seconds", summary.seconds());
            }

            @Override
            public void onBatch(int ignoredEpoch, int ignoredEpochs, int batch, int batches) {
                listener.onBatch(epoch, epochs, batch, batches);
            }
        };
    }

    private void metric(int epoch, String split, String name, double value) {
        listener.onMetric(new TrialMetric(PHASE, epoch, split, name, value));
    }
}
