package org.ranksweep.db.leaderboard;

import java.util.Objects;

/**
 * The best completed trial of one dataset, model, method and budget. Immutable.
 *
 * @param row             the trial with the highest top-1 of its group (lowest trial id on ties)
 * @param completedTrials how many completed trials the group holds
 */
public record BestResult(LeaderboardRow row, int completedTrials) {

    public BestResult {
        Objects.requireNonNull(row, "row");
    }
}
