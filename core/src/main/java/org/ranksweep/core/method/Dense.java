package org.ranksweep.core.method;

import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/** {@code dense}: the base model as trained, evaluated as it is; the reference for speed-up. */
final class Dense implements CompressionMethod {

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public MethodOptions options() {
        return MethodOptions.SINGLE_POINT;
    }

    @Override
    public Execution execution() {
        return Execution.EVALUATE_BASE;
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
