package org.ranksweep.worker.eval;

import ai.djl.ndarray.NDManager;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * Measures a model for its final result: top-1 on the test split, latency at batch 1 and 64 (a couple of warm-up
 * runs, then the median of a few timed runs), and costs, with the real parameter count checked against the plan.
 * Thread-safe (stateless settings).
 */
public final class Evaluator {

    static final int EVALUATION_BATCH = 256;
    private final int warmups;
    private final int repeats;

    public Evaluator(int warmups, int repeats) {
        this.warmups = warmups;
        this.repeats = repeats;
    }

    public Evaluation evaluate(VisionTransformerBlock model, ModelPlan plan, NDManager manager, SplitDataset data) {
        long params = ParameterCheck.verify(model, plan);
        double top1 = Accuracy.top1(model, new Batches(data.test(), data.normalization(), EVALUATION_BATCH), manager);
        double batch1 = Latency.medianMillis(model, manager, 1, warmups, repeats);
        double batch64 = Latency.medianMillis(model, manager, 64, warmups, repeats);
        return new Evaluation(
                top1,
                params,
                ModelCost.of(plan).macs(),
                ModelCost.attention(plan).params(),
                batch1,
                batch64);
    }
}
