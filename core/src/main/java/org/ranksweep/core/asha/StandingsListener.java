package org.ranksweep.core.asha;

import java.util.List;

/**
 * Receives each promotion, completion and pruning together with the standings of the rung it was taken on at that
 * moment, best first, in the order the decisions are taken: for an audit view that shows them. Decisions themselves
 * keep only the decided trial's place, so a scheduler without a listener never builds a rung's standings.
 */
@FunctionalInterface
public interface StandingsListener {

    /** Builds no standings. */
    StandingsListener NONE = (decision, standings) -> {};

    /**
     * @param decision  the decision just taken
     * @param standings its rung's standings then, best first (for a promotion, those of the rung the trial leaves)
     */
    void decided(AshaDecision decision, List<Standing> standings);
}
