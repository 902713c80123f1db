package org.ranksweep.orchestrator.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.leaderboard.LeaderboardRow;
import org.ranksweep.db.trial.StoredTrial;

/**
 * Builds {@link TrialView}s: the trial's columns plus, once completed, its result compared with the dense and
 * dense-ft trials of the same sweep and seed. Stateless, thread-safe.
 */
final class TrialViews {

    private TrialViews() {}

    /** A sweep's references per seed: its completed dense and dense-ft trials. */
    record References(Map<Long, LeaderboardRow> dense, Map<Long, LeaderboardRow> denseFt) {}

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

    /** The trial's row of the trial table; {@code result} null until it has one. */
    static TrialView trialView(StoredTrial trial, TrialResult result, References references) {
        ResultColumns columns = result == null
                ? ResultColumns.NONE
                : ResultColumns.of(
                        result,
                        references.dense().get(trial.config().seed()),
                        references.denseFt().get(trial.config().seed()));
        return new TrialView(
                trial.id(),
                trial.sweepId(),
                trial.index(),
                trial.label(),
                trial.method(),
                trial.config().budget(),
                trial.config().seed(),
                trial.state(),
                trial.attemptCount(),
                trial.maxAttempts(),
                trial.reason(),
                trial.contentHash(),
                trial.createdAt(),
                trial.startedAt(),
                trial.endedAt(),
                columns.top1(),
                columns.params(),
                columns.macs(),
                columns.ranks(),
                columns.deltaTop1VsDenseFt(),
                columns.deltaTop1VsDense(),
                columns.latencyMs(),
                columns.speedupVsDense());
    }

    /** A result compared with the sweep's references of the same seed (each null when there is none). */
    private record ResultColumns(
            Double top1,
            Long params,
            Long macs,
            Map<String, Object> ranks,
            Double deltaTop1VsDenseFt,
            Double deltaTop1VsDense,
            Double latencyMs,
            Double speedupVsDense) {

        static final ResultColumns NONE = new ResultColumns(null, null, null, null, null, null, null, null);

        static ResultColumns of(TrialResult result, LeaderboardRow dense, LeaderboardRow denseFt) {
            return new ResultColumns(
                    result.top1(),
                    result.params(),
                    result.macs(),
                    result.ranks(),
                    denseFt == null ? null : result.top1() - denseFt.top1(),
                    dense == null ? null : result.top1() - dense.top1(),
                    result.latencyMsBatch64(),
                    Leaderboard.speedupOver(dense, result.speedupVsDense(), result.latencyMsBatch64()));
        }
    }
}
