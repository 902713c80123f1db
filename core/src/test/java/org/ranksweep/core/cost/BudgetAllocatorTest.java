package org.ranksweep.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankSpec;

class BudgetAllocatorTest {

    private static final double[] BUDGETS = {0.05, 0.1, 0.2, 0.25, 0.3, 1.0 / 3, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0};

    static List<VitShape> shapes() {
        return ModelCostTest.shapes();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void comcatHitsTheBudgetWithinHalfAPerHeadRankStep(VitShape shape) {
        for (double budget : BUDGETS) {
            if (2 * budget * shape.headWidth() < 1.5) {
                continue; // the minimum total rank of 2 applies, tested separately
            }
            ModelPlan plan = BudgetAllocator.comcat(shape, budget);

            // one unit of T = r_qk + r_vo changes the fraction by 1/(2·d_h)
            assertThat(ModelCost.attentionFraction(plan))
                    .as("budget %s", budget)
                    .isCloseTo(budget, within(0.5 / (2 * shape.headWidth()) + 1e-12));
        }
    }

    @Test
    void comcatSplitsTheHeadRankWithTheLargerHalfOnQueryKey() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST; // d_h = 24
        // 2·0.35·24 = 16.8 → T = 17 → 9 + 8
        HeadLevelBlock odd =
                (HeadLevelBlock) BudgetAllocator.comcat(shape, 0.35).blocks().get(0);
        // 2·0.25·24 = 12 → 6 + 6
        HeadLevelBlock even =
                (HeadLevelBlock) BudgetAllocator.comcat(shape, 0.25).blocks().get(3);

        assertThat(List.of(odd.heads(), odd.qkRank(), odd.voRank())).containsExactly(4, 9, 8);
        assertThat(List.of(even.heads(), even.qkRank(), even.voRank())).containsExactly(4, 6, 6);
        assertThat(odd.keptHeads()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void comcatNeverGoesBelowRankOneEach() {
        HeadLevelBlock block = (HeadLevelBlock) BudgetAllocator.comcat(ModelCatalog.VIT_TINY_FMNIST, 0.001)
                .blocks()
                .get(0);

        assertThat(List.of(block.qkRank(), block.voRank())).containsExactly(1, 1);
    }

    @Test
    void comcatAtFullBudgetKeepsFullHeadWidth() {
        HeadLevelBlock block = (HeadLevelBlock)
                BudgetAllocator.comcat(ModelCatalog.DEIT_SMALL, 1.0).blocks().get(0);

        assertThat(List.of(block.qkRank(), block.voRank())).containsExactly(64, 64);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void svdMatrixHitsTheBudgetWithinHalfARankStep(VitShape shape) {
        for (double budget : BUDGETS) {
            ModelPlan plan = BudgetAllocator.svdMatrix(shape, budget);
            MatrixLevelBlock block = (MatrixLevelBlock) plan.blocks().get(0);

            assertThat(List.of(block.rq(), block.rk(), block.rv(), block.ro())).containsOnly(block.rq());
            // one rank unit changes the fraction by 2/d
            assertThat(ModelCost.attentionFraction(plan))
                    .as("budget %s", budget)
                    .isCloseTo(budget, within(1.0 / shape.width() + 1e-12));
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void headPruneHitsTheBudgetWithinHalfAHead(VitShape shape) {
        double[][] scores = randomScores(shape, 7);
        for (double budget : BUDGETS) {
            ModelPlan plan = BudgetAllocator.headPrune(shape, budget, scores);

            assertThat(ModelCost.attentionFraction(plan))
                    .as("budget %s", budget)
                    .isCloseTo(budget, within(0.5 / (shape.heads() * shape.depth()) + 1e-12));
        }
    }

    @Test
    void headPruneKeepsTheGloballyHighestScoresAndMayEmptyABlock() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST; // 4 blocks × 4 heads, keep round(0.25·16) = 4
        double[][] scores = {
            {0.1, 0.2, 0.3, 0.4},
            {5.0, 0.0, 6.0, 0.0},
            {0.0, 0.0, 0.0, 0.0},
            {0.5, 7.0, 0.0, 8.0}
        };

        ModelPlan plan = BudgetAllocator.headPrune(shape, 0.25, scores);

        assertThat(kept(plan)).containsExactly(List.of(), List.of(0, 2), List.of(), List.of(1, 3));
        HeadLevelBlock empty = (HeadLevelBlock) plan.blocks().get(0);
        assertThat(empty.heads()).isZero();
        assertThat(empty.qkRank()).isEqualTo(shape.headWidth());
    }

    @Test
    void headPruneBreaksTiesByBlockThenHead() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        double[][] equal = new double[4][4];

        ModelPlan plan = BudgetAllocator.headPrune(shape, 0.375, equal); // keep 6

        assertThat(kept(plan)).containsExactly(List.of(0, 1, 2, 3), List.of(0, 1), List.of(), List.of());
    }

    @Test
    void headPruneKeepsAtLeastOneHead() {
        ModelPlan plan = BudgetAllocator.headPrune(
                ModelCatalog.VIT_TINY_FMNIST, 0.001, randomScores(ModelCatalog.VIT_TINY_FMNIST, 3));

        assertThat(plan.blocks())
                .extracting(block -> ((HeadLevelBlock) block).heads())
                .containsOnly(0, 1)
                .contains(1);
    }

    @Test
    void headPruneRejectsScoresOfTheWrongShapeOrNotFinite() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        double[][] scores = randomScores(shape, 1);
        scores[2][1] = Double.NaN;

        assertThatThrownBy(() -> BudgetAllocator.headPrune(shape, 0.5, new double[3][4]))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("headScores");
        assertThatThrownBy(() -> BudgetAllocator.headPrune(shape, 0.5, scores))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("headScores[2][1]");
    }

    @Test
    void rejectsBudgetsOutsideZeroToOne() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        for (double budget : new double[] {0, -0.1, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> BudgetAllocator.comcat(shape, budget))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("budget");
            assertThatThrownBy(() -> BudgetAllocator.svdMatrix(shape, budget))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("budget");
        }
    }

    @Test
    void comcatRanksGivesEachBlockItsOwnPerHeadRanks() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;

        ModelPlan plan = BudgetAllocator.comcatRanks(shape, new RankSpec(List.of(24, 12, 6, 1), List.of(1, 2, 3, 24)));

        assertThat(plan.blocks())
                .containsExactly(
                        new HeadLevelBlock(4, 24, 1),
                        new HeadLevelBlock(4, 12, 2),
                        new HeadLevelBlock(4, 6, 3),
                        new HeadLevelBlock(4, 1, 24));
    }

    @Test
    void svdMatrixRanksSharesQkRankBetweenQueryAndKeyAndVoRankBetweenValueAndOutput() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;

        ModelPlan plan =
                BudgetAllocator.svdMatrixRanks(shape, new RankSpec(List.of(96, 48, 10, 1), List.of(5, 6, 7, 8)));

        assertThat(plan.blocks())
                .containsExactly(
                        new MatrixLevelBlock(96, 96, 5, 5),
                        new MatrixLevelBlock(48, 48, 6, 6),
                        new MatrixLevelBlock(10, 10, 7, 7),
                        new MatrixLevelBlock(1, 1, 8, 8));
    }

    @Test
    void explicitRanksAreCheckedAgainstDepthAndWidth() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;

        assertThatThrownBy(
                        () -> BudgetAllocator.comcatRanks(shape, new RankSpec(List.of(8, 8, 8), List.of(8, 8, 8, 8))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ranks.qk");
        assertThatThrownBy(() ->
                        BudgetAllocator.comcatRanks(shape, new RankSpec(List.of(8, 8, 8, 8), List.of(8, 25, 8, 8))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ranks.vo[1]");
        assertThatThrownBy(() ->
                        BudgetAllocator.svdMatrixRanks(shape, new RankSpec(List.of(8, 8, 0, 8), List.of(8, 8, 8, 97))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ranks.qk[2]")
                .hasMessageContaining("ranks.vo[3]");
    }

    private static List<List<Integer>> kept(ModelPlan plan) {
        List<List<Integer>> kept = new ArrayList<>();
        for (BlockPlan block : plan.blocks()) {
            kept.add(((HeadLevelBlock) block).keptHeads());
        }
        return kept;
    }

    private static double[][] randomScores(VitShape shape, long seed) {
        Random random = new Random(seed);
        double[][] scores = new double[shape.depth()][shape.heads()];
        for (double[] block : scores) {
            for (int head = 0; head < block.length; head++) {
                block[head] = random.nextDouble();
            }
        }
        return scores;
    }
}
