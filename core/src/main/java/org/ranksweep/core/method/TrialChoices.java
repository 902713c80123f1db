package org.ranksweep.core.method;

import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.trial.TrialConfig;

/** A trial's budget or explicit ranks, required by the methods that build their plan from them. */
final class TrialChoices {

    private TrialChoices() {}

    static RankSpec ranks(TrialConfig config, CompressionMethod method) {
        if (config.ranks() == null && config.warmStart() != null) {
            throw ValidationException.of(
                    "warmStart",
                    method.name() + " trial " + config.label() + " has a "
                            + config.warmStart().from()
                            + " warm start: the worker chooses its ranks from the base model before planning");
        }
        if (config.ranks() == null) {
            throw ValidationException.of("budget", method.name() + " needs a budget or explicit ranks");
        }
        return config.ranks();
    }

    static double budget(TrialConfig config, CompressionMethod method) {
        if (config.budget() == null) {
            throw ValidationException.of("budget", method.name() + " needs a budget");
        }
        return config.budget();
    }
}
