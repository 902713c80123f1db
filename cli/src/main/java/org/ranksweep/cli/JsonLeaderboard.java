package org.ranksweep.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.orchestrator.report.LeaderboardEntry;

/** The {@code --json} leaderboard: one object per trial with the documented keys. */
final class JsonLeaderboard {

    private JsonLeaderboard() {}

    static List<Map<String, Object>> of(List<LeaderboardEntry> entries) {
        return entries.stream().map(JsonLeaderboard::row).toList();
    }

    private static Map<String, Object> row(LeaderboardEntry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trialId", entry.trialId());
        row.put("label", entry.label());
        row.put("method", entry.method());
        row.put("budget", entry.budget());
        row.put("ranks", entry.ranks());
        row.put("params", entry.params());
        row.put("macs", entry.macs());
        row.put("top1", entry.top1());
        row.put("deltaTop1VsDenseFt", entry.deltaTop1VsDenseFt());
        row.put("deltaTop1VsDense", entry.deltaTop1VsDense());
        row.put("latencyMs", entry.latencyMs());
        row.put("speedupVsDense", entry.speedupVsDense());
        row.put("seed", entry.seed());
        row.put("state", entry.state());
        if (entry.customization() != null) {
            row.put("customization", entry.customization());
        }
        return row;
    }
}
