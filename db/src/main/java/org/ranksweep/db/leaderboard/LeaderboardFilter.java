package org.ranksweep.db.leaderboard;

import org.ranksweep.core.trial.SweepId;

/**
 * Which leaderboard rows to return; a null field means "any". Immutable.
 *
 * @param dataset dataset name, e.g. {@code fashion-mnist}
 * @param model   model architecture, e.g. {@code vit-tiny-fmnist}
 * @param method  method name, e.g. {@code comcat}
 * @param sweepId only trials of this sweep
 * @param limit   page size, at least 1
 * @param offset  rows to skip, at least 0
 */
public record LeaderboardFilter(String dataset, String model, String method, SweepId sweepId, int limit, int offset) {

    /** Page size when a caller gives none. */
    public static final int DEFAULT_LIMIT = 100;

    public LeaderboardFilter {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException(
                    "leaderboard needs limit >= 1 and offset >= 0, was " + limit + ", " + offset);
        }
    }

    /** The first page over everything. */
    public static LeaderboardFilter all() {
        return new LeaderboardFilter(null, null, null, null, DEFAULT_LIMIT, 0);
    }

    /** The first page of one sweep. */
    public static LeaderboardFilter ofSweep(SweepId sweepId) {
        return new LeaderboardFilter(null, null, null, sweepId, DEFAULT_LIMIT, 0);
    }
}
