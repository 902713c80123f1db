package org.ranksweep.worker.run;

import java.util.Map;

/**
 * What a trial measured at a rung of successive halving, after fine-tuning epoch {@code epoch}: the metrics a
 * {@link org.ranksweep.core.event.RungReached} carries. Immutable.
 *
 * @param top1   held-out top-1 after the epoch (never the test split)
 * @param params parameters of the compressed model, as its final result would report them
 * @param macs   multiply-accumulates per image of the compressed model, as its final result would report them
 */
public record RungMetrics(int epoch, double top1, long params, long macs) {

    public static final String TOP1 = "top1";
    public static final String PARAMS = "params";
    public static final String MACS = "macs";

    /** The metrics by their names in {@link org.ranksweep.core.event.RungReached#metrics()}. */
    public Map<String, Double> byName() {
        return Map.of(TOP1, top1, PARAMS, (double) params, MACS, (double) macs);
    }
}
