package org.ranksweep.orchestrator.report;

import java.util.Map;

/**
 * The best completed trial of one dataset, model, method and budget, compared with the best dense trial of the
 * same dataset and model. Immutable.
 *
 * @param budget           attention-parameter budget; null for dense or explicit ranks
 * @param completedTrials  completed trials in the group
 * @param top1             top-1 test accuracy of the best trial, a fraction
 * @param latencyMs        median batch-64 forward latency of the best trial, milliseconds
 * @param denseTrialId     the dense reference: best dense trial of the same dataset and model; null when none
 * @param denseTop1        its top-1
 * @param deltaTop1VsDense {@code top1 - denseTop1} (fraction)
 * @param speedupVsDense   dense batch-64 latency divided by this trial's
 * @param deltaTop1VsDenseFt {@code top1} minus the best {@code dense-ft} top-1 of the same dataset and model; null
 *                         when there is none
 */
public record BestEntry(
        String dataset,
        String model,
        String method,
        Double budget,
        int completedTrials,
        long trialId,
        long sweepId,
        String label,
        double top1,
        Long params,
        Long macs,
        Long attentionParams,
        Double latencyMs,
        Map<String, Object> ranks,
        Long denseTrialId,
        Double denseTop1,
        Double deltaTop1VsDense,
        Double speedupVsDense,
        Double deltaTop1VsDenseFt) {}
