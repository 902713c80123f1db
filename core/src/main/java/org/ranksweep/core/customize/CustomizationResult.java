package org.ranksweep.core.customize;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one customization measured, beside its trial's result (whose {@code top1} is the fidelity and whose
 * {@code params} are the trained parameters).
 *
 * @param concept          the label taught
 * @param rank             the method's rank; 0 for a method without one
 * @param trainedParams    parameters the method trained, exactly those stored in the delta
 * @param deltaBytes       the exact size of the delta file (safetensors)
 * @param trainingSeconds  wall time of the optimisation loop
 * @param secondsPerStep   {@code trainingSeconds} per step
 * @param finalLoss        the last step's denoising loss
 * @param fidelity         the judge's share of concept samples in the concept's class
 * @param retention        the mean over seen classes of the judge's share of their samples in their class
 * @param frechetDistance  between concept samples and real test images of the class, in the judge's features
 * @param judgeTop1        the judge's top-1 on the dataset's test split, which qualifies fidelity and retention;
 *                         null in results stored before it was recorded
 */
public record CustomizationResult(
        int concept,
        int rank,
        long trainedParams,
        long deltaBytes,
        double trainingSeconds,
        double secondsPerStep,
        double finalLoss,
        double fidelity,
        double retention,
        double frechetDistance,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double judgeTop1) {}
