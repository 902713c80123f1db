package org.ranksweep.db.sweep;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialState;

/**
 * How many of a sweep's trials are in each state. Immutable.
 *
 * @param trialCount the number of trials the sweep was created with
 * @param counts     trials per state; every state is present, zero when none
 */
public record SweepProgress(SweepId sweepId, int trialCount, Map<TrialState, Integer> counts) {

    public SweepProgress {
        EnumMap<TrialState, Integer> complete = new EnumMap<>(TrialState.class);
        for (TrialState state : TrialState.values()) {
            complete.put(state, counts.getOrDefault(state, 0));
        }
        counts = Collections.unmodifiableMap(complete);
    }

    public int count(TrialState state) {
        return counts.get(state);
    }

    /** Trials in COMPLETED, FAILED, PRUNED or CANCELLED. */
    public int terminalCount() {
        int terminal = 0;
        for (TrialState state : TrialState.values()) {
            if (state.isTerminal()) {
                terminal += counts.get(state);
            }
        }
        return terminal;
    }

    /** Whether no trial is left to run (true for an empty sweep). */
    public boolean allTerminal() {
        return terminalCount() == trialCount;
    }
}
