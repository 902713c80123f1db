package org.ranksweep.orchestrator.report;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.leaderboard.LeaderboardRow;
import org.ranksweep.db.trial.StoredTrial;

/**
 * Shapes trials as the JSON maps the API serves: the trial's columns plus, once completed, its result compared with
 * the dense trial of the same sweep and seed. Stateless, thread-safe.
 */
final class TrialViews {

    private TrialViews() {
    }

    /** The sweep's completed dense trials by seed, the best one per seed; rows must come best top-1 first. */
    static Map<Long, LeaderboardRow> denseBySeed(List<LeaderboardRow> denseRows) {
        Map<Long, LeaderboardRow> dense = new HashMap<>();
        for (LeaderboardRow row : denseRows) {
            if (row.hasResult()) {
                dense.putIfAbsent(row.seed(), row);
            }
        }
        return dense;
    }

    static Map<String, Object> trialView(StoredTrial trial, TrialResult result, Map<Long, LeaderboardRow> dense) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", trial.id().value());
        view.put("sweepId", trial.sweepId().value());
        view.put("index", trial.index());
        view.put("label", trial.label());
        view.put("method", trial.method());
        view.put("budget", trial.config().budget());
        view.put("seed", trial.config().seed());
        view.put("state", trial.state().name());
        view.put("attempts", trial.attemptCount());
        view.put("maxAttempts", trial.maxAttempts());
        view.put("reason", trial.reason());
        view.put("contentHash", trial.contentHash());
        view.put("createdAt", trial.createdAt());
        view.put("startedAt", trial.startedAt());
        view.put("endedAt", trial.endedAt());
        if (result != null) {
            putResult(view, result, dense.get(trial.config().seed()));
        }
        return view;
    }

    private static void putResult(Map<String, Object> view, TrialResult result, LeaderboardRow dense) {
        view.put("top1", result.top1());
        view.put("params", result.params());
        view.put("macs", result.macs());
        view.put("ranks", result.ranks());
        view.put("deltaTop1VsDense", dense == null ? null : result.top1() - dense.top1());
        view.put("latencyMs", result.latencyMsBatch64());
        view.put("speedupVsDense", dense == null ? null
                : Leaderboard.speedup(dense.latencyMsBatch64(), result.latencyMsBatch64()));
    }
}
