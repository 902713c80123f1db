package org.ranksweep.orchestrator.testing;

import java.util.List;
import java.util.Map;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;

/**
 * One trial to seed: its method, budget and seed, and the result to record (null leaves it PENDING). Immutable.
 *
 * @param ranks   per-layer ranks stored with the result, e.g. {@code {"qk":[8,4],"vo":[6,2]}}; empty for none
 * @param metrics metrics the attempt records before its result; empty for none
 */
public record SeedTrial(
        String method,
        Double budget,
        long seed,
        Double top1,
        long params,
        long macs,
        Map<String, Object> ranks,
        List<TrialMetric> metrics) {

    public static SeedTrial completed(String method, Double budget, long seed, double top1, long params, long macs) {
        return new SeedTrial(method, budget, seed, top1, params, macs, Map.of(), List.of());
    }

    public static SeedTrial pending(String method, Double budget, long seed) {
        return new SeedTrial(method, budget, seed, null, 0, 0, Map.of(), List.of());
    }

    public SeedTrial withRanks(List<Integer> qk, List<Integer> vo) {
        return new SeedTrial(method, budget, seed, top1, params, macs, Map.of("qk", qk, "vo", vo), metrics);
    }

    public SeedTrial withMetrics(List<TrialMetric> recorded) {
        return new SeedTrial(method, budget, seed, top1, params, macs, ranks, List.copyOf(recorded));
    }

    /**
     * The result to record; latency falls with size so that speed-ups are not all 1. comcat at budget 0.25 carries a
     * speed-up timed beside its base, as results measured now do; the others are like results recorded before that.
     */
    TrialResult result() {
        double latency = 1.0 + params / 1_000_000.0;
        PairedSpeedup paired = "comcat".equals(method) && budget != null && budget == 0.25
                ? new PairedSpeedup(1.8, 1.7, 1.95, 11)
                : null;
        return new TrialResult(
                top1,
                params,
                macs,
                params / 3,
                latency / 10,
                latency,
                ranks,
                "/artifacts/" + method + "/" + params,
                "ab".repeat(32),
                paired);
    }
}
