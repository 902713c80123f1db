package org.ranksweep.core.trial;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.ranksweep.core.customize.CustomizationResult;

/**
 * The final, measured outcome of one completed trial. Costs come from the platform's own formulas, cross-checked
 * against the parameters the compressed model really holds.
 *
 * @param top1               top-1 accuracy on the test split, a fraction in [0, 1]
 * @param params             total parameters of the evaluated model
 * @param macs               multiply-accumulates per image (MACs, not "FLOPs")
 * @param attentionParams    parameters of the attention blocks only (q, k, v, o), the budget's denominator basis
 * @param latencyMsBatch1    median forward latency at batch 1, milliseconds
 * @param latencyMsBatch64   median forward latency at batch 64, milliseconds
 * @param ranks              per-layer ranks or kept heads, e.g. {@code {"qk":[8,8,8,8],"vo":[8,8,8,8]}}; empty for dense
 * @param artifactPath       where parameters and summary were written
 * @param artifactSha256     SHA-256 of the parameter file
 * @param speedupVsDense     the speed-up over the dense base measured alongside it in the same process; null for
 *                           results recorded before it was measured
 * @param customization      what a customization trial measured (then {@code top1} is its fidelity, {@code params}
 *                           its trained parameters, and MACs, attention parameters and latencies 0); null for every
 *                           compression trial, and then left out of the JSON
 */
public record TrialResult(
        double top1,
        long params,
        long macs,
        long attentionParams,
        double latencyMsBatch1,
        double latencyMsBatch64,
        Map<String, Object> ranks,
        String artifactPath,
        String artifactSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) PairedSpeedup speedupVsDense,
        @JsonInclude(JsonInclude.Include.NON_NULL) CustomizationResult customization) {

    public TrialResult {
        ranks = ranks == null ? Map.of() : Map.copyOf(ranks);
    }

    /** A compression trial's result. */
    public TrialResult(
            double top1,
            long params,
            long macs,
            long attentionParams,
            double latencyMsBatch1,
            double latencyMsBatch64,
            Map<String, Object> ranks,
            String artifactPath,
            String artifactSha256,
            PairedSpeedup speedupVsDense) {
        this(
                top1,
                params,
                macs,
                attentionParams,
                latencyMsBatch1,
                latencyMsBatch64,
                ranks,
                artifactPath,
                artifactSha256,
                speedupVsDense,
                null);
    }

    /** A customization trial's result: fidelity as top-1, trained parameters as parameters, no MACs or latency. */
    public static TrialResult ofCustomization(
            CustomizationResult customization, String artifactPath, String artifactSha256) {
        return new TrialResult(
                customization.fidelity(),
                customization.trainedParams(),
                0,
                0,
                0,
                0,
                Map.of(),
                artifactPath,
                artifactSha256,
                null,
                customization);
    }

    /** A result without a paired speed-up measurement. */
    public TrialResult(
            double top1,
            long params,
            long macs,
            long attentionParams,
            double latencyMsBatch1,
            double latencyMsBatch64,
            Map<String, Object> ranks,
            String artifactPath,
            String artifactSha256) {
        this(
                top1,
                params,
                macs,
                attentionParams,
                latencyMsBatch1,
                latencyMsBatch64,
                ranks,
                artifactPath,
                artifactSha256,
                null);
    }
}
