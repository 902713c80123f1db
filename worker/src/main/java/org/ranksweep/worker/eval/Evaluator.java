package org.ranksweep.worker.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.ranksweep.core.cost.Cost;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * Measures a model for its final result: top-1 on the test split, latency at batch 1 and 64 (a couple of warm-up
 * runs, then the median of a few timed runs), its speed-up over the dense model timed side by side at batch 64, and
 * costs, with the real parameter count checked against the plan. Thread-safe (stateless settings).
 */
public final class Evaluator {

    static final int EVALUATION_BATCH = 256;
    static final int SPEEDUP_BATCH = 64;
    /** Rounds of the paired speed-up: an odd count, so the median is one round's ratio. */
    static final int SPEEDUP_ROUNDS = 11;

    private final int warmups;
    private final int repeats;

    public Evaluator(int warmups, int repeats) {
        this.warmups = warmups;
        this.repeats = repeats;
    }

    /**
     * Evaluates {@code model}; when {@code dense} (the dense model it was compressed from, with its manager) is
     * given, also its paired speed-up over it.
     */
    public Evaluation evaluate(
            VisionTransformerBlock model,
            ModelPlan plan,
            NDManager manager,
            SplitDataset data,
            VisionTransformerBlock dense,
            NDManager denseManager) {
        Cost cost = cost(model, plan);
        double top1 = Accuracy.top1(model, new Batches(data.test(), data.normalization(), EVALUATION_BATCH), manager);
        double batch1 = Latency.medianMillis(model, manager, 1, warmups, repeats);
        double batch64 = Latency.medianMillis(model, manager, 64, warmups, repeats);
        PairedSpeedup speedup = dense == null
                ? null
                : Latency.pairedSpeedup(dense, denseManager, model, manager, SPEEDUP_BATCH, warmups, SPEEDUP_ROUNDS);
        return new Evaluation(
                top1, cost.params(), cost.macs(), ModelCost.attention(plan).params(), batch1, batch64, speedup);
    }

    /**
     * The parameters {@code model} holds (checked against {@code plan}, see {@link ParameterCheck}) and its MACs per
     * image by the cost formulas: the costs a result reports, also before its final evaluation.
     */
    public static Cost cost(Block model, ModelPlan plan) {
        return new Cost(ParameterCheck.verify(model, plan), ModelCost.of(plan).macs());
    }
}
