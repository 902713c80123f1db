package org.ranksweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * AdamW with decoupled weight decay on matrices only: Linear and patch-embedding weights (two or more dimensions,
 * type {@code WEIGHT}) decay; biases, LayerNorm gammas and betas, the class token and the position embedding (every
 * other type, and any one-dimensional array) do not, as in timm and DeiT. Two optimizers share one learning-rate
 * tracker; each keeps the Adam state of its own parameters. Not thread-safe: one instance serves one training loop.
 */
final class DecayGroups {

    private final Optimizer decayed;
    private final Optimizer undecayed;

    DecayGroups(Tracker learningRate, double weightDecay) {
        this.decayed = Optimizer.adamW()
                .optLearningRateTracker(learningRate)
                .optWeightDecays((float) weightDecay)
                .build();
        this.undecayed = Optimizer.adamW()
                .optLearningRateTracker(learningRate)
                .optWeightDecays(0f)
                .build();
    }

    /** Whether weight decay applies to {@code parameter}: a weight matrix or convolution kernel. */
    static boolean decays(Parameter parameter) {
        return parameter.getType() == Parameter.Type.WEIGHT
                && parameter.getArray().getShape().dimension() > 1;
    }

    /** One AdamW update of {@code parameter} from {@code gradient}, with or without decay as {@link #decays} says. */
    void update(Parameter parameter, NDArray gradient) {
        Optimizer optimizer = decays(parameter) ? decayed : undecayed;
        optimizer.update(parameter.getId(), parameter.getArray(), gradient);
    }
}
