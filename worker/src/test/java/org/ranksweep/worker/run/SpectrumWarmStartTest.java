package org.ranksweep.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.rankspace.ConstrainedRankSampler;
import org.ranksweep.core.rankspace.RankSpace;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.spec.WarmStartSpec;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.diagnostics.AttentionSpectrum;
import org.ranksweep.worker.diagnostics.BlockSpectrum;
import org.ranksweep.worker.diagnostics.SpectrumReport;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.CancellationFlag;

/**
 * A comcat point warm-started from the base model's spectrum, on a tiny ViT trained on synthetic data: its ranks
 * follow the energies the trial itself reports, its model stays within uniform comcat's parameters at the budget
 * (priced by {@link ModelCost}), its result and {@code plan.json} show the ranks, and the same base gives the same
 * vector.
 */
class SpectrumWarmStartTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    /** Every per-head rank, so that the chosen ranks show small differences of energy. */
    private static final List<Integer> EVERY_RANK =
            IntStream.rangeClosed(1, TINY.headWidth()).boxed().toList();

    private static final double BUDGET = 0.5;
    private static final WarmStartSpec WARM_START = new WarmStartSpec(
            "spectrum", Collections.nCopies(4, EVERY_RANK), Collections.nCopies(4, EVERY_RANK), BUDGET);
    private static final DatasetSpec DATASET = new DatasetSpec("synthetic", null, 200, 600, 300, "none");
    private static final ModelSpec MODEL =
            new ModelSpec(TINY.name(), new BaseSpec(new TrainRecipe(1, 2e-3, 64, 0.05), null));
    private static final FinetuneSpec NO_FINETUNE = new FinetuneSpec(0, 1e-3, 1e-5, 64, 0.05, null, null);

    @TempDir
    static Path artifacts;

    private static TrialRunner runner;

    @BeforeAll
    static void runner() {
        runner = new TrialRunner(new WorkerSettings(artifacts, artifacts.resolve("datasets"), 2));
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    @Test
    void aWarmStartedTrialCompressesWithinTheCapAtRanksThatFollowTheBaseModelsEnergies() throws Exception {
        Recording recording = new Recording();
        TrialResult result = runner.run(warmStarted("comcat-space#spectrum"), recording, CancellationFlag.never());

        RankSpec chosen = ranks(result.ranks());
        long cap = ModelCost.of(BudgetAllocator.comcat(TINY, BUDGET)).params();
        ModelPlan plan = BudgetAllocator.comcatRanks(TINY, chosen);
        assertThat(result.params()).isEqualTo(ModelCost.of(plan).params()).isLessThanOrEqualTo(cap);
        assertThat(result.macs()).isEqualTo(ModelCost.of(plan).macs());
        assertThat(chosen.qk()).allMatch(EVERY_RANK::contains);
        assertThat(chosen.vo()).allMatch(EVERY_RANK::contains);

        // The energies as the trial reported them: per block the mean per-head 90 %-energy rank of qk and vo.
        double[] qkEnergy = recording.perBlock("qk");
        double[] voEnergy = recording.perBlock("vo");
        ConstrainedRankSampler sampler =
                new ConstrainedRankSampler(RankSpace.uniform(TINY, EVERY_RANK, EVERY_RANK), cap);
        assertThat(chosen).isEqualTo(sampler.warmStart(qkEnergy, voEnergy));
        List<Integer> ranks = concat(chosen);
        double[] energy = concat(qkEnergy, voEnergy);
        for (int a = 0; a < energy.length; a++) {
            for (int b = 0; b < energy.length; b++) {
                if (energy[a] > energy[b]) {
                    assertThat(ranks.get(a))
                            .as("layer %d has more energy than layer %d", a, b)
                            .isGreaterThanOrEqualTo(ranks.get(b));
                }
            }
        }

        String planFile = Files.readString(Path.of(result.artifactPath()).resolve("plan.json"));
        assertThat(Json.read(planFile, Map.class).get("ranks")).isEqualTo(result.ranks());

        TrialResult again = runner.run(warmStarted("comcat-space#spectrum"), new Recording(), CancellationFlag.never());
        assertThat(again.ranks())
                .as("the same base model gives the same vector")
                .isEqualTo(result.ranks());
    }

    @Test
    void theSameSpectrumGivesTheSameVectorWhetherComputedAgainOrReadBackFromJson() {
        try (Model first = VitFactory.create("a", ModelPlan.dense(TINY), 7);
                Model second = VitFactory.create("b", ModelPlan.dense(TINY), 7)) {
            SpectrumReport one = AttentionSpectrum.of(VitFactory.vit(first));
            SpectrumReport two = AttentionSpectrum.of(VitFactory.vit(second));
            SpectrumReport stored = Json.read(Json.write(one), SpectrumReport.class);
            ConstrainedRankSampler sampler = SpectrumWarmStart.sampler(WARM_START, TINY);

            RankSpec ranks = SpectrumWarmStart.ranks(sampler, WARM_START, one);
            assertThat(SpectrumWarmStart.ranks(sampler, WARM_START, two)).isEqualTo(ranks);
            assertThat(SpectrumWarmStart.ranks(sampler, WARM_START, stored)).isEqualTo(ranks);
            assertThat(SpectrumWarmStart.resolve(warmStarted("w"), TINY, one).ranks())
                    .isEqualTo(ranks);
            assertThat(ModelCost.of(BudgetAllocator.comcatRanks(TINY, ranks)).params())
                    .isLessThanOrEqualTo(
                            ModelCost.of(BudgetAllocator.comcat(TINY, BUDGET)).params());
        }
    }

    @Test
    void aBlockWhoseHeadsUseMoreDirectionsGetsTheLargerRank() {
        // qk products of rank 2, 6, 12, 24 per head in blocks 0..3, vo the other way round: the spectrum itself (SVDs
        // of the real per-head products) must order the chosen ranks.
        int[] qkRanks = {2, 6, 12, 24};
        SplittableRandom random = new SplittableRandom(13);
        List<BlockSpectrum> blocks = new ArrayList<>();
        for (int block = 0; block < TINY.depth(); block++) {
            int qk = qkRanks[block];
            int vo = qkRanks[TINY.depth() - 1 - block];
            DenseAttention attention = new DenseAttention(
                    TINY.width(),
                    TINY.heads(),
                    headColumns(random, qk),
                    headColumns(random, TINY.headWidth()),
                    headColumns(random, vo),
                    matrix(random),
                    new float[TINY.width()],
                    new float[TINY.width()],
                    new float[TINY.width()],
                    new float[TINY.width()]);
            blocks.add(AttentionSpectrum.of(block, attention));
        }
        SpectrumReport spectrum = new SpectrumReport(TINY.headWidth(), TINY.width(), blocks);

        RankSpec ranks = SpectrumWarmStart.ranks(SpectrumWarmStart.sampler(WARM_START, TINY), WARM_START, spectrum);

        assertThat(SpectrumWarmStart.qkEnergy(spectrum)).isSorted();
        assertThat(ranks.qk()).isSorted();
        assertThat(ranks.qk().get(0)).isLessThan(ranks.qk().get(3));
        assertThat(ranks.vo()).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ranks.vo().get(0)).isGreaterThan(ranks.vo().get(3));
        assertThat(ModelCost.of(BudgetAllocator.comcatRanks(TINY, ranks)).params())
                .isLessThanOrEqualTo(
                        ModelCost.of(BudgetAllocator.comcat(TINY, BUDGET)).params());
    }

    @Test
    void leavesOtherTrialsAsTheyAreAndRefusesAWarmStartWithRanksOrOfAnUnknownKind() {
        try (Model model = VitFactory.create("m", ModelPlan.dense(TINY), 3)) {
            SpectrumReport spectrum = AttentionSpectrum.of(VitFactory.vit(model));
            TrialConfig uniform = new TrialConfig(
                    "comcat", "comcat", BUDGET, null, null, false, MODEL, DATASET, NO_FINETUNE, 1, null);
            assertThat(SpectrumWarmStart.resolve(uniform, TINY, spectrum)).isSameAs(uniform);

            TrialConfig withRanks = warmStarted("w").withRanks(new RankSpec(List.of(8, 8, 8, 8), List.of(8, 8, 8, 8)));
            assertThatThrownBy(() -> SpectrumWarmStart.resolve(withRanks, TINY, spectrum))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("warmStart");
            WarmStartSpec energy = new WarmStartSpec("energy", WARM_START.qk(), WARM_START.vo(), BUDGET);
            assertThatThrownBy(() -> SpectrumWarmStart.ranks(SpectrumWarmStart.sampler(energy, TINY), energy, spectrum))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("warmStart")
                    .hasMessageContaining("unknown warm start 'energy'");
        }
    }

    private static TrialConfig warmStarted(String label) {
        return new TrialConfig(
                "comcat", label, null, null, null, false, MODEL, DATASET, NO_FINETUNE, 1, null, null, WARM_START);
    }

    /** A random d×d matrix whose columns of each head beyond the first {@code used} are a thousand times smaller. */
    private static float[][] headColumns(SplittableRandom random, int used) {
        float[][] w = matrix(random);
        for (float[] row : w) {
            for (int column = 0; column < row.length; column++) {
                if (column % TINY.headWidth() >= used) {
                    row[column] *= 1e-3f; // not zero: the product's QR needs full column rank
                }
            }
        }
        return w;
    }

    private static float[][] matrix(SplittableRandom random) {
        float[][] w = new float[TINY.width()][TINY.width()];
        for (float[] row : w) {
            for (int column = 0; column < row.length; column++) {
                row[column] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return w;
    }

    @SuppressWarnings("unchecked")
    private static RankSpec ranks(Map<String, Object> ranks) {
        return new RankSpec((List<Integer>) ranks.get("qk"), (List<Integer>) ranks.get("vo"));
    }

    private static List<Integer> concat(RankSpec ranks) {
        List<Integer> all = new ArrayList<>(ranks.qk());
        all.addAll(ranks.vo());
        return all;
    }

    private static double[] concat(double[] first, double[] second) {
        double[] all = new double[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static final class Recording implements TrialListener {
        private final List<TrialMetric> metrics = new ArrayList<>();

        @Override
        public void onMetric(TrialMetric metric) {
            metrics.add(metric);
        }

        @Override
        public void onProgress(TrialProgress update) {}

        /** The spectrum's rank90 of a split per block (epoch = block + 1). */
        double[] perBlock(String split) {
            double[] values = new double[TINY.depth()];
            for (TrialMetric metric : metrics) {
                if (metric.phase().equals(SpectrumReport.PHASE)
                        && metric.split().equals(split)
                        && metric.name().equals("rank90")
                        && metric.epoch() > 0) {
                    values[metric.epoch() - 1] = metric.value();
                }
            }
            return values;
        }
    }
}
