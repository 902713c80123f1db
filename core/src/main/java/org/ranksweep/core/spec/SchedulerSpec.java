package org.ranksweep.core.spec;

import org.ranksweep.core.asha.AshaConfig;

/**
 * How a sweep spends its compute: successive halving over fine-tuning epochs. Without it (spec key
 * {@code scheduler} absent) every trial runs its full recipe. With it, every trial's {@code finetune.epochs} is
 * {@code max}, and trials climb rungs at min·η^k epochs: {@code asha} runs one bracket, {@code hyperband} the
 * brackets s = 0..K that start at min·η^s. Immutable.
 *
 * @param algorithm {@code asha} or {@code hyperband}
 * @param resource  what a rung allocates; {@code finetune.epochs} is the only one
 * @param min       epochs of the bottom rung
 * @param max       epochs of the top rung, min·η^K; the trials' fine-tuning epochs
 * @param eta       reduction factor: the top 1/η of a rung is promoted
 */
public record SchedulerSpec(String algorithm, String resource, int min, int max, int eta) {

    public static final String ASHA = "asha";
    public static final String HYPERBAND = "hyperband";
    public static final String FINETUNE_EPOCHS = "finetune.epochs";

    /** The rung ladder. */
    public AshaConfig ladder() {
        return new AshaConfig(min, max, eta);
    }

    public boolean hyperband() {
        return HYPERBAND.equals(algorithm);
    }
}
