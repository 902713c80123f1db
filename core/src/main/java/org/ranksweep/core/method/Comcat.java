package org.ranksweep.core.method;

import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/**
 * {@code comcat}: head-level low-rank attention — per head, truncated SVDs of W_Q·W_Kᵀ and W_V·W_O at per-head widths
 * r_qk and r_vo (at most the head width), from a budget (uniform allocation) or explicit per-layer ranks; with
 * {@code factorizeMlp}, fc1, fc2 and the classifier by plain SVD at the attention's weight fraction.
 */
final class Comcat implements CompressionMethod {

    @Override
    public String name() {
        return "comcat";
    }

    @Override
    public MethodOptions options() {
        return new MethodOptions(true, RankBound.HEAD_WIDTH, false, true, false);
    }

    @Override
    public Execution execution() {
        return Execution.BUILD_PLAN;
    }

    @Override
    public AttentionForm attentionForm() {
        return AttentionForm.HEAD_FACTORIZED;
    }

    @Override
    public ModelPlan plan(TrialConfig config, VitShape shape, Supplier<double[][]> headScores) {
        ModelPlan attention = config.budget() != null
                ? BudgetAllocator.comcat(shape, config.budget())
                : BudgetAllocator.comcatRanks(shape, TrialChoices.ranks(config, this));
        return config.factorizeMlp() ? MlpRanks.matchAttention(attention) : attention;
    }

    @Override
    public Map<String, Object> attentionRanks(ModelPlan plan) {
        return RankReport.headWidths(plan);
    }
}
