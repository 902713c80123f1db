package org.ranksweep.core.method;

import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/**
 * What {@code dense} and {@code dense-ft} share: a single point with no options, the dense plan, attention copied
 * unchanged, no ranks to report. They differ only in whether the base model is evaluated as it is or fine-tuned.
 */
abstract class DenseModel implements CompressionMethod {

    @Override
    public MethodOptions options() {
        return MethodOptions.SINGLE_POINT;
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
