package org.ranksweep.worker.ranksearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.AttentionCost;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankCandidates;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.data.SyntheticImages;
import org.ranksweep.worker.eval.ParameterCheck;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.TrainingSettings;

/**
 * Whole searches on the tiny ViT with a few synthetic images. The data has no test split at all: a search that read
 * it would fail.
 */
class RankSearchTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final int ARGMAX_EPOCHS = 2;
    private static final int ARGMAX_STEPS = 10;
    private static final List<String> MATRICES =
            List.of("qk.0", "vo.0", "qk.1", "vo.1", "qk.2", "vo.2", "qk.3", "vo.3");
    private static SplitDataset data;
    private static Model base;
    private static Run argmaxRun;

    /** One argmax search with several gate updates per epoch, shared by the tests that read its reports. */
    private record Run(List<TrialMetric> metrics, List<int[]> progress, Map<String, Integer> ranks) {}

    @BeforeAll
    static void tinyData() {
        TorchRuntime.start(2);
        ImageSet train = SyntheticImages.generate(128, 1);
        ImageSet heldOut = SyntheticImages.generate(64, 2);
        data = new SplitDataset("synthetic", train, heldOut, null, train.statistics(), SyntheticImages.CLASSES);
        base = VitFactory.create("base", ModelPlan.dense(TINY), 3);
        argmaxSearch();
    }

    /** Rho 0.5, gate batch 16, 10 gate updates in each of 2 search epochs, argmax selection. */
    private static void argmaxSearch() {
        List<TrialMetric> metrics = new ArrayList<>();
        List<int[]> progress = new ArrayList<>();
        RankSearchSpec spec = new RankSearchSpec(
                RankCandidates.defaults(TINY),
                false,
                ARGMAX_EPOCHS,
                1.5,
                5,
                0.1,
                16,
                ARGMAX_STEPS,
                RankSearchSpec.ARGMAX);
        SearchOutcome outcome = search(spec, 0.5, metrics, progress);
        outcome.model().close();
        argmaxRun = new Run(metrics, progress, outcome.ranks());
    }

    @AfterAll
    static void closeBase() {
        base.close();
    }

    @Test
    void budgetedSelectionLandsHalfTheAttentionWeightsWithinThreePercentOfTheTargetAndReportsEveryEpoch() {
        List<TrialMetric> metrics = new ArrayList<>();
        RankSearchSpec spec = new RankSearchSpec(
                RankCandidates.defaults(TINY), false, 3, 1.5, 4, 0.25, 64, 1, RankSearchSpec.BUDGETED);
        SearchOutcome outcome = search(spec, 0.5, metrics, new ArrayList<>());
        try (Model searched = outcome.model()) {
            // Attention weights of all 4 blocks: 4·4d² = 147,456; half of them is the target.
            long dense = 4L * AttentionCost.denseWeights(TINY);
            assertThat(outcome.denseWeights()).isEqualTo(dense);
            assertThat(outcome.targetWeights()).isEqualTo(dense / 2);
            long achieved = 0;
            for (var block : outcome.plan().blocks()) {
                HeadLevelBlock headLevel = (HeadLevelBlock) block;
                achieved +=
                        AttentionCost.headLevelWeights(TINY, headLevel.heads(), headLevel.qkRank(), headLevel.voRank());
            }
            assertThat(outcome.achievedWeights()).isEqualTo(achieved);
            assertThat((double) achieved / outcome.targetWeights()).isBetween(0.97, 1.0);
            assertThat(ParameterCheck.verify(VitFactory.vit(searched), outcome.plan()))
                    .isPositive();
            assertThat(outcome.ranks())
                    .containsOnlyKeys("qk.0", "vo.0", "qk.1", "vo.1", "qk.2", "vo.2", "qk.3", "vo.3");
        }
        assertThat(value(metrics, 0, "achievedWeights")).isEqualTo(outcome.achievedWeights());
        assertThat(value(metrics, 0, "targetWeights")).isEqualTo(outcome.targetWeights());
        assertEveryEpochReported(metrics, new TemperatureSchedule(4, 0.25, 3));
    }

    @Test
    void makesSearchStepsGateUpdatesPerEpochAtTheGateBatchCyclingOverTheHeldOutSlice() {
        // 64 held-out images at gate batch 16: 4 batches a pass, so 10 updates take 2.5 reshuffled passes. The
        // weight epoch (128 training images at batch 64) reports 2 batches of its own.
        for (int epoch = 1; epoch <= ARGMAX_EPOCHS; epoch++) {
            final int current = epoch;
            List<Integer> gateSteps = argmaxRun.progress().stream()
                    .filter(call -> call[0] == current && call[3] == ARGMAX_STEPS)
                    .map(call -> call[2])
                    .toList();
            assertThat(gateSteps).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            assertThat(argmaxRun.progress().stream().filter(call -> call[0] == current && call[3] == 2))
                    .hasSize(2);
            assertThat(value(argmaxRun.metrics(), epoch, "gateUpdates")).isEqualTo(10.0);
        }
        assertThat(argmaxRun.progress()).allMatch(call -> call[1] == ARGMAX_EPOCHS);
    }

    @Test
    void argmaxSelectionTakesEachMatrixsMostProbableRankOfTheFinalGatesAndReportsItsWeights() {
        List<TrialMetric> metrics = argmaxRun.metrics();
        long achieved = 0;
        for (String matrix : MATRICES) {
            int mostProbable = 0;
            double best = Double.NEGATIVE_INFINITY;
            for (int rank : RankCandidates.defaults(TINY).qk()) {
                double probability = value(metrics, ARGMAX_EPOCHS, "gate." + matrix + ".r" + rank);
                if (probability >= best) {
                    best = probability;
                    mostProbable = rank;
                }
            }
            assertThat(argmaxRun.ranks()).containsEntry(matrix, mostProbable);
            assertThat(value(metrics, ARGMAX_EPOCHS, "rank." + matrix)).isEqualTo(mostProbable);
        }
        for (int block = 0; block < TINY.depth(); block++) {
            achieved += AttentionCost.headLevelWeights(
                    TINY,
                    TINY.heads(),
                    argmaxRun.ranks().get("qk." + block),
                    argmaxRun.ranks().get("vo." + block));
        }
        // The final choice, not the last budgeted pick: achieved at epoch 0 is the last epoch's chosen weights.
        assertThat(value(metrics, 0, "achievedWeights")).isEqualTo(achieved);
        assertThat(value(metrics, ARGMAX_EPOCHS, "chosenWeights")).isEqualTo(achieved);
        assertThat(value(metrics, 0, "targetWeights")).isEqualTo(4.0 * AttentionCost.denseWeights(TINY) / 2);
        assertThat(value(metrics, 0, "achievedOverTarget"))
                .isCloseTo(achieved / (4.0 * AttentionCost.denseWeights(TINY) / 2), within(1e-12));
    }

    @Test
    void gateEntropyPerMatrixAndItsMeanFollowTheReportedGateDistributions() {
        List<TrialMetric> metrics = argmaxRun.metrics();
        for (int epoch = 1; epoch <= ARGMAX_EPOCHS; epoch++) {
            double sum = 0;
            for (String matrix : MATRICES) {
                double entropy = 0;
                for (int rank : RankCandidates.defaults(TINY).qk()) {
                    double probability = value(metrics, epoch, "gate." + matrix + ".r" + rank);
                    entropy -= probability * Math.log(probability);
                }
                assertThat(value(metrics, epoch, "entropy." + matrix)).isCloseTo(entropy, within(1e-5));
                // Uniform over six candidates is ln 6; updated gates are below it.
                assertThat(entropy).isLessThan(Math.log(6));
                sum += entropy;
            }
            assertThat(value(metrics, epoch, "entropy")).isCloseTo(sum / MATRICES.size(), within(1e-5));
        }
        assertThat(metrics).allMatch(metric -> metric.phase().equals("search"));
    }

    /** Per epoch: the scheduled temperature, a gate distribution per matrix summing to one, a rank per matrix. */
    private static void assertEveryEpochReported(List<TrialMetric> metrics, TemperatureSchedule schedule) {
        for (int epoch = 1; epoch <= schedule.epochs(); epoch++) {
            assertThat(value(metrics, epoch, "temperature")).isCloseTo(schedule.at(epoch), within(1e-12));
            final int current = epoch;
            double gateSum = metrics.stream()
                    .filter(metric -> metric.epoch() == current && metric.name().startsWith("gate.vo.2.r"))
                    .mapToDouble(TrialMetric::value)
                    .sum();
            assertThat(gateSum).isCloseTo(1.0, within(1e-5));
            assertThat(metrics.stream()
                            .filter(metric ->
                                    metric.epoch() == current && metric.name().startsWith("gate."))
                            .count())
                    .isEqualTo(8 * 6);
            assertThat(value(metrics, epoch, "rank.qk.0")).isIn(4.0, 8.0, 12.0, 16.0, 20.0, 24.0);
            assertThat(value(metrics, epoch, "loss")).isPositive();
        }
        // 4 and 0.25 around 1: the middle epoch runs at their geometric mean.
        assertThat(value(metrics, 2, "temperature")).isCloseTo(1.0, within(1e-12));
        assertThat(metrics).allMatch(metric -> metric.phase().equals("search"));
    }

    @Test
    void budgetedSelectionAtRhoZeroKeepsTheLargestCandidates() {
        RankSearchSpec spec = new RankSearchSpec(
                RankCandidates.defaults(TINY), false, 2, 1.5, 5, 0.1, 64, 1, RankSearchSpec.BUDGETED);
        SearchOutcome outcome = search(spec, 0.0, new ArrayList<>(), new ArrayList<>());
        outcome.model().close();
        assertThat(outcome.ranks().values()).containsOnly(24);
        assertThat(outcome.achievedWeights()).isEqualTo(outcome.denseWeights());
    }

    @Test
    void budgetedSelectionSearchingTheMlpTooStaysWithinThreePercentOfItsTarget() {
        RankSearchSpec spec =
                new RankSearchSpec(RankCandidates.defaults(TINY), true, 1, 1.5, 5, 0.1, 64, 1, RankSearchSpec.BUDGETED);
        SearchOutcome outcome = search(spec, 0.4, new ArrayList<>(), new ArrayList<>());
        try (Model searched = outcome.model()) {
            // q,k,v,o 4d² + fc1, fc2 2·d·4d per block, head d·10: 4·(36,864 + 36,864) + 960.
            assertThat(outcome.denseWeights()).isEqualTo(4L * (36_864 + 36_864) + 960);
            assertThat((double) outcome.achievedWeights() / outcome.targetWeights())
                    .isBetween(0.97, 1.0);
            assertThat(outcome.ranks()).containsKeys("fc1.0", "fc2.3", "head");
            assertThat(ParameterCheck.verify(VitFactory.vit(searched), outcome.plan()))
                    .isPositive();
        }
    }

    @Test
    void refusesToSearchWithoutAHeldOutSlice() {
        SplitDataset noHeldOut = new SplitDataset(
                "synthetic", data.train(), data.train().head(0), null, data.normalization(), data.classes());
        RankSearch search = new RankSearch(
                settings(RankSearchSpec.defaults(TINY), 0.5), SearchListener.none(), CancellationFlag.never());
        assertThatThrownBy(() -> search.run(base, noHeldOut))
                .hasMessageContaining("held-out")
                .hasMessageContaining("never searches on the test split");
    }

    /** Runs a search; {@code progress} receives {epoch, epochs, batch, batches} of every onBatch call. */
    private static SearchOutcome search(
            RankSearchSpec spec, double rho, List<TrialMetric> metrics, List<int[]> progress) {
        SearchListener listener = new SearchListener() {
            @Override
            public void onMetric(TrialMetric metric) {
                metrics.add(metric);
            }

            @Override
            public void onBatch(int epoch, int epochs, int batch, int batches) {
                progress.add(new int[] {epoch, epochs, batch, batches});
            }
        };
        return new RankSearch(settings(spec, rho), listener, CancellationFlag.never()).run(base, data);
    }

    private static SearchSettings settings(RankSearchSpec spec, double rho) {
        TrainingSettings weightEpoch = new TrainingSettings(1, 5e-4, 5e-4, 64, 0.05, "none", 0.5, 0, List.of(), 9);
        return new SearchSettings(spec, rho, weightEpoch, 9);
    }

    private static double value(List<TrialMetric> metrics, int epoch, String name) {
        return metrics.stream()
                .filter(metric -> metric.epoch() == epoch && metric.name().equals(name))
                .mapToDouble(TrialMetric::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " at epoch " + epoch));
    }
}
