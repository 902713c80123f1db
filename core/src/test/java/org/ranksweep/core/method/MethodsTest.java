package org.ranksweep.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.trial.TrialConfig;

class MethodsTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST; // d 96, 4 blocks, 4 heads of 24

    @Test
    void namesAreUniqueAndEachFindsItsMethod() {
        assertThat(new HashSet<>(Methods.names())).hasSameSizeAs(Methods.ALL);
        for (CompressionMethod method : Methods.ALL) {
            assertThat(Methods.find(method.name())).containsSame(method);
            assertThat(Methods.require(method.name())).isSameAs(method);
        }
    }

    @Test
    void anUnknownMethodIsAProblemAtMethodListingTheKnownNames() {
        assertThatThrownBy(() -> Methods.require("comcatt")).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.path()).isEqualTo("method");
                assertThat(problem.message()).contains("comcatt").contains(String.join(", ", Methods.names()));
            });
        });
    }

    @Test
    void everyMethodButTheSearchingOnesBuildsItsPlanDirectly() {
        for (CompressionMethod method : Methods.ALL) {
            TrialConfig config = config(method, method.options().compresses() ? 0.5 : null, null, false);
            if (method.execution() == Execution.SEARCH_RANKS) {
                assertThat(method.options().searchesRanks()).isTrue();
                assertThatThrownBy(() -> method.plan(config, TINY, MethodsTest::uniformScores))
                        .isInstanceOf(UnsupportedOperationException.class);
            } else {
                ModelPlan plan = method.plan(config, TINY, MethodsTest::uniformScores);
                double expected = method.options().compresses() ? 0.5 : 1.0;
                assertThat(ModelCost.attentionFraction(plan)).as(method.name()).isCloseTo(expected, within(0.05));
            }
        }
    }

    @Test
    void headPruneAsksForHeadScoresAndTheOthersDoNot() {
        for (CompressionMethod method : Methods.ALL) {
            if (method.execution() == Execution.SEARCH_RANKS) {
                continue;
            }
            boolean[] asked = new boolean[1];
            method.plan(config(method, method.options().compresses() ? 0.5 : null, null, false), TINY, () -> {
                asked[0] = true;
                return uniformScores();
            });
            assertThat(asked[0]).as(method.name()).isEqualTo(method.options().takesImportance());
        }
    }

    @Test
    void explicitRanksGiveThePlanOfThoseRanks() {
        RankSpec ranks = new RankSpec(List.of(8, 8, 4, 4), List.of(6, 6, 6, 6));
        ModelPlan comcat = Methods.COMCAT.plan(config(Methods.COMCAT, null, ranks, false), TINY, () -> null);
        assertThat(comcat).isEqualTo(BudgetAllocator.comcatRanks(TINY, ranks));
        assertThat(Methods.COMCAT.attentionRanks(comcat))
                .isEqualTo(Map.of("qk", List.of(8, 8, 4, 4), "vo", List.of(6, 6, 6, 6)));
        ModelPlan matrix = Methods.SVD_MATRIX.plan(config(Methods.SVD_MATRIX, null, ranks, false), TINY, () -> null);
        assertThat(Methods.SVD_MATRIX.attentionRanks(matrix))
                .isEqualTo(Map.of("qk", List.of(8, 8, 4, 4), "vo", List.of(6, 6, 6, 6)));
    }

    @Test
    void aBudgetWithoutRanksOrARanksOnlyMethodWithoutABudgetIsAProblemAtBudget() {
        assertThatThrownBy(() -> Methods.COMCAT.plan(config(Methods.COMCAT, null, null, false), TINY, () -> null))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problems().get(0).path()).isEqualTo("budget"));
        assertThatThrownBy(() -> Methods.HEAD_PRUNE.plan(
                        config(Methods.HEAD_PRUNE, null, null, false), TINY, MethodsTest::uniformScores))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void uniformMatrixRanksReportOneRankPerBlockAndKeptHeadsTheirIndices() {
        ModelPlan matrix = BudgetAllocator.svdMatrix(TINY, 0.25);
        int rank = ((MatrixLevelBlock) matrix.blocks().get(0)).rq();
        assertThat(Methods.SVD_MATRIX.attentionRanks(matrix))
                .isEqualTo(Map.of("rank", List.of(rank, rank, rank, rank)));
        double[][] scores = uniformScores();
        scores[2][3] = 5; // the most important head overall
        ModelPlan pruned = BudgetAllocator.headPrune(TINY, 1.0 / 16, scores);
        assertThat(Methods.HEAD_PRUNE.attentionRanks(pruned))
                .isEqualTo(Map.of("heads", List.of(List.of(), List.of(), List.of(3), List.of())));
        assertThat(Methods.DENSE.attentionRanks(ModelPlan.dense(TINY))).isEmpty();
    }

    @Test
    void factorizedMlpKeepsTheAttentionsWeightFractionWithinOneRankStep() {
        ModelPlan plan = Methods.COMCAT.plan(config(Methods.COMCAT, 0.25, null, true), TINY, () -> null);
        double fraction = ModelCost.attentionFraction(plan);
        int fc1 = plan.blocks().get(0).fc1Rank();
        int in = TINY.width();
        int out = TINY.mlpHidden();
        double step = (double) (in + out) / ((double) in * out);
        assertThat(Math.abs(fc1 * step - fraction)).isLessThanOrEqualTo(step / 2 + 1e-12);
        Map<String, Object> ranks = RankReport.of(Methods.COMCAT, plan);
        assertThat(ranks.keySet()).containsExactly("qk", "vo", "fc1", "fc2", "head");
        assertThat(ranks.get("fc1")).isEqualTo(List.of(fc1, fc1, fc1, fc1));
        assertThat(ranks.get("head")).isEqualTo(plan.headRank());
        assertThat(((HeadLevelBlock) plan.blocks().get(0)).qkRank())
                .isEqualTo(((HeadLevelBlock)
                                BudgetAllocator.comcat(TINY, 0.25).blocks().get(0))
                        .qkRank());
    }

    private static TrialConfig config(CompressionMethod method, Double budget, RankSpec ranks, boolean factorizeMlp) {
        return new TrialConfig(
                method.name(),
                method.name(),
                budget,
                ranks,
                method.options().takesImportance() ? "l1" : null,
                factorizeMlp,
                null,
                null,
                null,
                0,
                null);
    }

    private static double[][] uniformScores() {
        double[][] scores = new double[TINY.depth()][TINY.heads()];
        for (double[] block : scores) {
            Arrays.fill(block, 1.0);
        }
        return scores;
    }
}
