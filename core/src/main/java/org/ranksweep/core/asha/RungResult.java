package org.ranksweep.core.asha;

import java.util.Map;

/**
 * What a trial reported at a rung: its held-out metrics after the rung's resource. Immutable, thread-safe.
 *
 * @param trialId the trial
 * @param rung    rung index within the trial's bracket, 0 at the bottom
 * @param metrics metric name to value (e.g. {@code top1}, {@code params})
 */
public record RungResult(int trialId, int rung, Map<String, Double> metrics) {

    public RungResult {
        metrics = Map.copyOf(metrics);
    }
}
