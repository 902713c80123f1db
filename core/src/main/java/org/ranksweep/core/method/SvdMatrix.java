package org.ranksweep.core.method;

import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/**
 * {@code svd-matrix}: the matrix-level ablation — truncated SVD of each whole W_Q, W_K, W_V, W_O at ranks of at most
 * the model width, from a budget or explicit ranks.
 */
final class SvdMatrix implements CompressionMethod {

    @Override
    public String name() {
        return "svd-matrix";
    }

    @Override
    public MethodOptions options() {
        return new MethodOptions(true, RankBound.MODEL_WIDTH, false, false, false);
    }

    @Override
    public Execution execution() {
        return Execution.BUILD_PLAN;
    }

    @Override
    public AttentionForm attentionForm() {
        return AttentionForm.MATRIX_FACTORIZED;
    }

    @Override
    public ModelPlan plan(TrialConfig config, VitShape shape, Supplier<double[][]> headScores) {
        return config.budget() != null
                ? BudgetAllocator.svdMatrix(shape, config.budget())
                : BudgetAllocator.svdMatrixRanks(shape, TrialChoices.ranks(config, this));
    }

    @Override
    public Map<String, Object> attentionRanks(ModelPlan plan) {
        return RankReport.matrixRanks(plan);
    }
}
