package org.ranksweep.core.method;

import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/**
 * {@code dense-ft}: the control — a copy of the base model fine-tuned with exactly the sweep's recipe, so that a
 * compressed model's Δ top-1 measures compression, not the extra training. The planner adds it to every sweep that
 * fine-tunes ({@code controls.denseFt}).
 */
final class DenseFt implements CompressionMethod {

    @Override
    public String name() {
        return "dense-ft";
    }

    @Override
    public MethodOptions options() {
        return MethodOptions.SINGLE_POINT;
    }

    @Override
    public Execution execution() {
        return Execution.BUILD_PLAN;
    }

    @Override
    public AttentionForm attentionForm() {
        return AttentionForm.COPY;
    }

    @Override
    public ModelPlan plan(TrialConfig config, VitShape shape, Supplier<double[][]> headScores) {
        return ModelPlan.dense(shape);
    }

    @Override
    public Map<String, Object> attentionRanks(ModelPlan plan) {
        return Map.of();
    }
}
