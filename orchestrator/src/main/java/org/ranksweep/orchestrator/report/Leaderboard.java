package org.ranksweep.orchestrator.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.db.leaderboard.LeaderboardRow;

/** Turns stored leaderboard rows into entries with Δ top-1 and speed-up against the dense reference. */
public final class Leaderboard {

    private Leaderboard() {
    }

    /**
     * Computes the entries; the dense reference of a row is the completed {@code dense} trial of the same sweep
     * and seed. Keeps the rows' order.
     */
    public static List<LeaderboardEntry> entries(List<LeaderboardRow> rows) {
        Map<String, LeaderboardRow> dense = new HashMap<>();
        for (LeaderboardRow row : rows) {
            if ("dense".equals(row.method()) && row.hasResult()) {
                dense.putIfAbsent(row.sweepId().value() + "/" + row.seed(), row);
            }
        }
        List<LeaderboardEntry> entries = new ArrayList<>(rows.size());
        for (LeaderboardRow row : rows) {
            entries.add(entry(row, dense.get(row.sweepId().value() + "/" + row.seed())));
        }
        return entries;
    }

    private static LeaderboardEntry entry(LeaderboardRow row, LeaderboardRow dense) {
        Double delta = null;
        Double speedup = null;
        if (dense != null && row.hasResult()) {
            delta = row.top1() - dense.top1();
            if (row.latencyMsBatch64() != null && row.latencyMsBatch64() > 0 && dense.latencyMsBatch64() != null) {
                speedup = dense.latencyMsBatch64() / row.latencyMsBatch64();
            }
        }
        return new LeaderboardEntry(row.trialId().value(), row.sweepId().value(), row.label(), row.method(),
                row.budget(), row.ranks(), row.params(), row.macs(), row.attentionParams(), row.top1(), delta,
                row.latencyMsBatch64(), row.latencyMsBatch1(), speedup, row.state().name(), row.dataset(),
                row.model(), row.seed(), row.reusedFromTrialId() == null ? null : row.reusedFromTrialId().value());
    }
}
