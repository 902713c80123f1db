package org.ranksweep.worker.ranksearch;

import ai.djl.Model;
import java.util.Map;
import org.ranksweep.core.cost.ModelPlan;

/**
 * What a rank search found: the plan at the last epoch's ranks and the model at those ranks after its last weight
 * epoch (the caller owns and closes it), with the weights of the searchable matrices against their target.
 * Not thread-safe (holds a model).
 *
 * @param plan            the chosen ranks as a comcat plan
 * @param model           the trained model of {@code plan}
 * @param ranks           chosen rank per matrix name ({@code qk.0}, ..., {@code head})
 * @param targetWeights   (1 − ρ)·dense weights of the searchable matrices
 * @param achievedWeights weights of the searchable matrices at the chosen ranks
 * @param denseWeights    dense weights of the searchable matrices
 */
public record SearchOutcome(
        ModelPlan plan,
        Model model,
        Map<String, Integer> ranks,
        long targetWeights,
        long achievedWeights,
        long denseWeights) {

    /** Achieved over target weights, minus one: e.g. −0.01 is 1% under the target. */
    public double relativeDeviation() {
        return (double) achievedWeights / targetWeights - 1;
    }
}
