package org.ranksweep.worker.eval;

import ai.djl.nn.Block;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.worker.model.ModelParameters;

/**
 * Cross-checks the parameters a built model really holds against the cost formulas for its plan, so that a
 * reported cost can never drift from the model that was measured. Thread-safe (stateless).
 */
public final class ParameterCheck {

    private ParameterCheck() {}

    /** The real parameter count; fails naming both numbers when it differs from {@link ModelCost#of(ModelPlan)}. */
    public static long verify(Block model, ModelPlan plan) {
        long real = ModelParameters.count(model);
        long expected = ModelCost.of(plan).params();
        if (real != expected) {
            throw new RankSweepException("the built model holds " + real + " parameters but the cost formulas give "
                    + expected + " for its plan");
        }
        return real;
    }
}
