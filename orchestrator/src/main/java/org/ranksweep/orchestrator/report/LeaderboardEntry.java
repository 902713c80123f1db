package org.ranksweep.orchestrator.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.ranksweep.core.customize.CustomizationResult;

/**
 * One trial on the leaderboard, with its differences to the dense and dense-ft references of the same sweep and seed.
 * Result fields are null until the trial completed. Immutable.
 *
 * @param top1             test top-1 as a fraction in [0, 1]
 * @param deltaTop1VsDense {@code top1 - dense top1} (fraction, so 0.01 = one percentage point)
 * @param deltaTop1VsDenseFt {@code top1 - dense-ft top1}: against the dense model fine-tuned with the same recipe,
 *                         the comparison that separates compression from extra training
 * @param latencyMs        median forward latency of one batch of 64 images, milliseconds
 * @param latencyMsBatch1  median forward latency of one image, milliseconds
 * @param speedupVsDense   dense batch-64 latency divided by this trial's
 * @param customization    what a customization trial measured (its {@code top1} is the fidelity); absent otherwise
 */
public record LeaderboardEntry(
        long trialId,
        long sweepId,
        String label,
        String method,
        Double budget,
        Map<String, Object> ranks,
        Long params,
        Long macs,
        Long attentionParams,
        Double top1,
        Double deltaTop1VsDense,
        Double latencyMs,
        Double latencyMsBatch1,
        Double speedupVsDense,
        String state,
        String dataset,
        String model,
        long seed,
        Long reusedFromTrialId,
        Double deltaTop1VsDenseFt,
        @JsonInclude(JsonInclude.Include.NON_NULL) CustomizationResult customization) {}
