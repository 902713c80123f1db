package org.ranksweep.orchestrator.report;

import java.util.List;
import org.ranksweep.core.customize.CustomizationResult;

/**
 * A customization sweep at a glance: per method and rank, what a concept costs and gives over every concept and seed
 * it ran, compared with Custom Diffusion and full fine-tuning; and every trial with its measurements and the URL of
 * its sample grid. Immutable.
 *
 * @param judgeTop1 the test top-1 of the classifier that judges every trial's samples (fidelity and retention are
 *                  only as good as it is); null until a trial has recorded it
 * @param methods   per method and rank, in plan order
 * @param trials    every trial of the sweep, in plan order
 */
public record CustomizationView(Double judgeTop1, List<MethodSummary> methods, List<Trial> trials) {

    public CustomizationView {
        methods = List.copyOf(methods);
        trials = List.copyOf(trials);
    }

    /**
     * One method at one rank over its completed trials.
     *
     * @param rank                     0 for a method without one
     * @param completed                completed trials summarised (concepts × seeds)
     * @param secondsPerStep           training seconds per step
     * @param deltaBytes               bytes stored per concept (the mean; every concept's delta has the same size)
     * @param trainedParams            parameters trained and stored per concept
     * @param fidelity                 the judge's share of concept samples in the concept's class
     * @param retention                the mean share of seen-class samples still in their class
     * @param frechetDistance          concept samples against real images of the class, in the judge's features
     * @param speedupVsCustomDiffusion custom-diffusion's mean seconds per step over this method's; null without it
     * @param speedupVsFull            full's mean seconds per step over this method's; null without it
     * @param storageVsCustomDiffusion custom-diffusion's bytes per concept over this method's; null without it
     * @param storageVsFull            full's bytes per concept over this method's; null without it
     */
    public record MethodSummary(
            String method,
            int rank,
            int completed,
            Interval secondsPerStep,
            double deltaBytes,
            long trainedParams,
            Interval fidelity,
            Interval retention,
            Interval frechetDistance,
            Double speedupVsCustomDiffusion,
            Double speedupVsFull,
            Double storageVsCustomDiffusion,
            Double storageVsFull) {}

    /**
     * One trial.
     *
     * @param result     what it measured; null until it completed
     * @param samplesUrl where its sample grid (PNG) is served; null until it completed
     */
    public record Trial(
            long trialId,
            String label,
            String method,
            long seed,
            String state,
            CustomizationResult result,
            String samplesUrl) {}
}
