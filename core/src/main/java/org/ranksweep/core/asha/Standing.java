package org.ranksweep.core.asha;

import java.util.Map;

/**
 * One line of a rung's standings at the moment of a decision, best first in the list that carries it: kept with
 * every decision so a reader can audit why a trial was promoted or stopped. Immutable, thread-safe.
 *
 * @param trialId  the trial
 * @param metrics  what it reported at this rung
 * @param promoted whether it had been promoted out of this rung before the decision
 */
public record Standing(int trialId, Map<String, Double> metrics, boolean promoted) {

    public Standing {
        metrics = Map.copyOf(metrics);
    }
}
