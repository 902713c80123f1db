package org.ranksweep.core.customize;

import org.ranksweep.core.spec.GeneratorSpec;
import org.ranksweep.core.spec.SamplingSpec;

/**
 * What a customization trial runs: teach {@code generator} label {@code concept} as "v*" from {@code shots} of its
 * training images, {@code steps} steps of {@code batch} at {@code lr}, at {@code rank} (0 for a method without one),
 * then judge samples as {@code sampling} says. The method is the trial's {@code method}.
 */
public record CustomizationPoint(
        GeneratorSpec generator,
        int concept,
        int rank,
        int shots,
        int steps,
        int batch,
        double lr,
        SamplingSpec sampling) {}
