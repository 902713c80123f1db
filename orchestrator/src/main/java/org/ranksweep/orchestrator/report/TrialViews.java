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
 * the dense and dense-ft trials of the same sweep and seed. Stateless, thread-safe.
 */
final class TrialViews {

    private TrialViews() {
    }

    /** A sweep's references per seed: its completed dense and dense-ft trials. */
    record References(Map<Long, LeaderboardRow> dense, Map<Long, LeaderboardRow> denseFt) {
    }

    /** The sweep's completed trials of one reference method by seed, the best one per seed; best top-1 first. */
    static Map<Long, LeaderboardRow> bySeed(List<LeaderboardRow> rows) {
        Map<Long, LeaderboardRow> dense = new HashMap<>();
        for (LeaderboardRow row : rows) {
            if (row.hasResult()) {
                dense.putIfAbsent(row.seed(), row);
            }
        }
        return dense;
    }

    static Map<String, Object> trialView(StoredTrial trial, TrialResult result, References references) {
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
            long seed = trial.config().seed();
            putResult(view, result, references.dense().get(seed), references.denseFt().get(seed));
        }
        return view;
    }

    private static void putResult(Map<String, Object> view, TrialResult result, LeaderboardRow dense,
                                  LeaderboardRow denseFt) {
        view.put("top1", result.top1());
        view.put("params", result.params());
        view.put("macs", result.macs());
        view.put("ranks", result.ranks());
        view.put("deltaTop1VsDenseFt", denseFt == null ? null : result.top1() - denseFt.top1());
        view.put("deltaTop1VsDense", dense == null ? null : result.top1() - dense.top1());
        view.put("latencyMs", result.latencyMsBatch64());
        view.put("speedupVsDense", dense == null ? null
                : Leaderboard.speedup(dense.latencyMsBatch64(), result.latencyMsBatch64()));
    }
}
