package org.ranksweep.core.asha;

import java.util.List;

/**
 * A decision of ASHA about one trial, a value fit for an audit log. Promotions, completions and prunings carry the
 * standings of the rung the decision was taken on, best first, as they were at that moment.
 */
public sealed interface AshaDecision extends AshaEvent {

    /** The trial decided about. */
    @Override
    int trialId();

    /** The Hyperband bracket, 0 for plain ASHA. */
    int bracket();

    /** A new trial runs at its bracket's bottom rung up to {@code resource}. */
    record Started(int trialId, int bracket, int rung, int resource) implements AshaDecision {}

    /** A waiting trial continues from rung {@code rung - 1} to {@code rung}, training up to {@code resource}. */
    record Promoted(int trialId, int bracket, int rung, int resource, List<Standing> standings)
            implements AshaDecision {
        public Promoted {
            standings = List.copyOf(standings);
        }
    }

    /** The trial reached the top rung: it is done. */
    record Completed(int trialId, int bracket, int rung, List<Standing> standings) implements AshaDecision {
        public Completed {
            standings = List.copyOf(standings);
        }
    }

    /** The trial stopped at {@code rung}, the highest it reached, never promoted out of it. */
    record Pruned(int trialId, int bracket, int rung, List<Standing> standings) implements AshaDecision {
        public Pruned {
            standings = List.copyOf(standings);
        }
    }
}
