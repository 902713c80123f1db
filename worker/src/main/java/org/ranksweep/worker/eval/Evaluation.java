package org.ranksweep.worker.eval;

import org.ranksweep.core.trial.PairedSpeedup;

/**
 * The final measurements of a model. Immutable and thread-safe.
 *
 * @param top1             test top-1 accuracy in [0, 1]
 * @param params           parameters the model holds (checked against the cost formulas)
 * @param macs             multiply-accumulates per image from the cost formulas
 * @param attentionParams  parameters of the attention sublayers
 * @param latencyMsBatch1  median forward latency at batch 1
 * @param latencyMsBatch64 median forward latency at batch 64
 * @param speedupVsDense   the speed-up over the dense base timed side by side; null when no dense model was given
 */
public record Evaluation(
        double top1,
        long params,
        long macs,
        long attentionParams,
        double latencyMsBatch1,
        double latencyMsBatch64,
        PairedSpeedup speedupVsDense) {

    /** Measurements without a paired speed-up. */
    public Evaluation(
            double top1,
            long params,
            long macs,
            long attentionParams,
            double latencyMsBatch1,
            double latencyMsBatch64) {
        this(top1, params, macs, attentionParams, latencyMsBatch1, latencyMsBatch64, null);
    }
}
