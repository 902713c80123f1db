package org.ranksweep.orchestrator.report;

import java.util.List;
import java.util.Map;

/**
 * One point of a sweep's search space (label and budget) summarised over its seeds: test top-1 and its differences
 * to the {@code dense-ft} control and to the untouched dense model as mean ± 95 % confidence interval, the
 * differences paired per seed (each seed's compressed model against the same seed's reference). Null intervals
 * mean no completed trial or no reference. Immutable.
 *
 * @param trials          trials in the group, one per seed
 * @param completed       completed ones, the values the intervals are over
 * @param deltaVsDenseFt  top-1 − dense-ft top-1 of the same seed (fractions), the headline comparison
 * @param deltaVsDense    top-1 − dense top-1 of the same seed
 * @param params          mean parameter count over the completed seeds (searched or pruned ranks may differ)
 * @param macs            mean multiply-accumulates per image
 * @param ranks           the ranks when every completed seed has the same, else null
 * @param top1BySeed      test top-1 of each completed seed, by seed
 * @param withinNoiseOf   the other points of the sweep this one is within noise of (see
 *                        {@link SeedSummaries#withinNoise}), as {@code label} or {@code label@budget}
 */
public record SeedSummary(
        long sweepId,
        String label,
        String method,
        Double budget,
        int trials,
        int completed,
        Interval top1,
        Interval deltaVsDenseFt,
        Interval deltaVsDense,
        Double params,
        Double macs,
        Map<String, Object> ranks,
        Map<Long, Double> top1BySeed,
        List<String> withinNoiseOf) {

    /** {@code label} or {@code label@budget}: how other rows name this one. */
    public String point() {
        return budget == null ? label : label + "@" + budget;
    }
}
