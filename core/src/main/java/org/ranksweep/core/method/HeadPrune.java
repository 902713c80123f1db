package org.ranksweep.core.method;

import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/**
 * {@code head-prune}: the structured baseline — keeps the globally most important whole heads (importance l1 of their
 * weights or first-order Taylor, computed by the worker) within a budget.
 */
final class HeadPrune implements CompressionMethod {

    @Override
    public String name() {
        return "head-prune";
    }

    @Override
    public MethodOptions options() {
        return new MethodOptions(true, RankBound.NONE, true, false, false);
    }

    @Override
    public Execution execution() {
        return Execution.BUILD_PLAN;
    }

    @Override
    public AttentionForm attentionForm() {
        return AttentionForm.HEADS_KEPT;
    }

    @Override
    public ModelPlan plan(TrialConfig config, VitShape shape, Supplier<double[][]> headScores) {
        return BudgetAllocator.headPrune(shape, TrialChoices.budget(config, this), headScores.get());
    }

    @Override
    public Map<String, Object> attentionRanks(ModelPlan plan) {
        return RankReport.keptHeads(plan);
    }
}
