package org.ranksweep.core.method;

import java.util.Map;
import org.ranksweep.core.cost.ModelPlan;

/**
 * {@code comcat-auto}: COMCAT with its automatic rank selection — per-matrix ranks searched on the held-out slice
 * under a parameter-reduction ratio {@code rho} (each trial keeps a budget of 1 − ρ); the worker's rank search builds
 * the plan, in COMCAT's head-level form.
 */
final class ComcatAuto implements CompressionMethod {

    @Override
    public String name() {
        return "comcat-auto";
    }

    @Override
    public MethodOptions options() {
        return new MethodOptions(true, RankBound.NONE, false, false, true);
    }

    @Override
    public Execution execution() {
        return Execution.SEARCH_RANKS;
    }

    @Override
    public AttentionForm attentionForm() {
        return AttentionForm.HEAD_FACTORIZED;
    }

    @Override
    public Map<String, Object> attentionRanks(ModelPlan plan) {
        return RankReport.headWidths(plan);
    }
}
