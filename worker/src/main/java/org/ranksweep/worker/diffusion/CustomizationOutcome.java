package org.ranksweep.worker.diffusion;

import java.nio.file.Path;
import org.ranksweep.worker.data.ImageSet;

/**
 * What one customization cost and gave: trained parameters and the exact bytes of the stored delta, training
 * seconds (the optimisation loop only) and per step, the final loss; the share of concept samples the judge assigns
 * to the concept's class (fidelity), the mean share of seen-class samples still assigned to their class (retention),
 * the Fréchet distance between concept samples and real images of the class in the judge's feature space; the delta
 * file and the concept samples themselves.
 */
public record CustomizationOutcome(
        CustomizationRequest request,
        long trainedParameters,
        long deltaBytes,
        double trainingSeconds,
        double finalLoss,
        double fidelity,
        double retention,
        double frechetDistance,
        Path delta,
        ImageSet conceptSamples) {

    public double secondsPerStep() {
        return trainingSeconds / request.steps();
    }
}
