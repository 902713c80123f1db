package org.ranksweep.core.event;

import java.util.Map;
import org.ranksweep.core.trial.TrialId;

/**
 * The attempt finished fine-tuning epoch {@code epoch}, its {@link AssignTrial#rungEpoch}: the held-out metrics
 * ASHA compares there. Below the top rung the attempt then ends (its checkpoint kept for a promotion); at the top
 * rung it goes on to the test evaluation and reports {@link TrialCompleted}. The test split is never among these
 * metrics.
 *
 * @param metrics {@code top1} (held-out, after this epoch), {@code params} and {@code macs} of the compressed model
 */
public record RungReached(TrialId trialId, int attempt, int epoch, Map<String, Double> metrics) implements TrialEvent {

    public RungReached {
        metrics = Map.copyOf(metrics);
    }
}
