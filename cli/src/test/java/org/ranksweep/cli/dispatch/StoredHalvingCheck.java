package org.ranksweep.cli.dispatch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.asha.AshaScheduler;
import org.ranksweep.core.asha.ResultRanker;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SchedulerSpec;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.db.DatabaseConfig;

/**
 * What PostgreSQL holds about a successive-halving sweep after it ran, read with plain SQL (not through the
 * repositories under test): how its trials ended, whether results exist exactly for the completed ones, and whether
 * its history in {@code scheduler_events} is complete, agrees with the trials and attempts, was written before the
 * trials moved, and is what ASHA decides ({@link AshaScheduler#replay} re-decides every entry and checks it).
 *
 * @param trials                 trials of the sweep
 * @param completed              trials COMPLETED
 * @param pruned                 trials PRUNED
 * @param completedWithOneResult COMPLETED trials with exactly one result, from a SUCCEEDED attempt
 * @param resultsOfOthers        results of trials that are not COMPLETED (must be none)
 * @param attemptsByOutcome      attempts per outcome
 * @param historyByType          {@code scheduler_events} rows per type
 * @param historyGaps            positions missing from 0..max(seq) (must be none)
 * @param stateDisagreements     trials whose last history entry is not their state (Completed for COMPLETED,
 *                               Pruned for PRUNED) plus trials whose attempts are not 1 + their promotions
 * @param movedBeforeRecorded    attempts that started before the decision that started or promoted them was stored,
 *                               plus PRUNED trials that ended before their pruning was stored
 * @param historyBytes           stored size of the sweep's history (the jsonb column)
 * @param replay                 "ok" when the stored history replays to a finished scheduler, else why not
 */
record StoredHalvingCheck(
        long trials,
        long completed,
        long pruned,
        long completedWithOneResult,
        long resultsOfOthers,
        Map<String, Long> attemptsByOutcome,
        Map<String, Long> historyByType,
        long historyGaps,
        long stateDisagreements,
        long movedBeforeRecorded,
        long historyBytes,
        String replay) {

    private static final String OF_SWEEP = " JOIN trials t ON t.trial_id = x.trial_id WHERE t.sweep_id = ?";

    static StoredHalvingCheck read(DatabaseConfig database, long sweepId, String specText) {
        try (Connection connection = DriverManager.getConnection(
                database.url(), database.user(), database.password() == null ? "" : database.password())) {
            return new StoredHalvingCheck(
                    count(connection, "SELECT count(*) FROM trials WHERE sweep_id = ?", sweepId),
                    count(
                            connection,
                            "SELECT count(*) FROM trials WHERE sweep_id = ? AND state = 'COMPLETED'",
                            sweepId),
                    count(connection, "SELECT count(*) FROM trials WHERE sweep_id = ? AND state = 'PRUNED'", sweepId),
                    count(
                            connection,
                            "SELECT count(*) FROM trials t WHERE t.sweep_id = ? AND t.state = 'COMPLETED'"
                                    + " AND (SELECT count(*) FROM results r WHERE r.trial_id = t.trial_id) = 1"
                                    + " AND EXISTS (SELECT 1 FROM results r JOIN trial_attempts a"
                                    + " ON a.trial_id = r.trial_id AND a.attempt_number = r.attempt_number"
                                    + " WHERE r.trial_id = t.trial_id AND a.outcome = 'SUCCEEDED')",
                            sweepId),
                    count(
                            connection,
                            "SELECT count(*) FROM results x" + OF_SWEEP + " AND t.state <> 'COMPLETED'",
                            sweepId),
                    grouped(
                            connection,
                            "SELECT x.outcome, count(*) FROM trial_attempts x" + OF_SWEEP + " GROUP BY x.outcome",
                            sweepId),
                    grouped(
                            connection,
                            "SELECT type, count(*) FROM scheduler_events WHERE sweep_id = ? GROUP BY type",
                            sweepId),
                    count(
                            connection,
                            "SELECT coalesce(max(seq) + 1, 0) - count(*) FROM scheduler_events WHERE sweep_id = ?",
                            sweepId),
                    count(connection, STATE_DISAGREEMENTS, sweepId),
                    count(connection, MOVED_BEFORE_RECORDED, sweepId),
                    count(
                            connection,
                            "SELECT coalesce(sum(pg_column_size(event)), 0) FROM scheduler_events WHERE sweep_id = ?",
                            sweepId),
                    replay(connection, sweepId, specText));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read sweep " + sweepId + " from " + database.url(), e);
        }
    }

    /** Trials whose last entry is not their end state, or whose attempts are not one plus their promotions. */
    private static final String STATE_DISAGREEMENTS = "SELECT count(*) FROM trials t WHERE t.sweep_id = ? AND ("
            + " (SELECT e.type FROM scheduler_events e WHERE e.sweep_id = t.sweep_id AND e.trial_id = t.trial_id"
            + "   ORDER BY e.seq DESC LIMIT 1)"
            + "   IS DISTINCT FROM CASE t.state WHEN 'COMPLETED' THEN 'Completed' WHEN 'PRUNED' THEN 'Pruned' END"
            + " OR t.attempt_count <> 1 + (SELECT count(*) FROM scheduler_events e WHERE e.sweep_id = t.sweep_id"
            + "   AND e.trial_id = t.trial_id AND e.type = 'Promoted')"
            + " OR t.attempt_count <> (SELECT count(*) FROM trial_attempts a WHERE a.trial_id = t.trial_id))";

    /**
     * Attempt n started before the n-th Started/Promoted entry of its trial was stored, or a PRUNED trial ended
     * before its Pruned entry was (both clocks are the orchestrator's).
     */
    private static final String MOVED_BEFORE_RECORDED = "SELECT"
            + " (SELECT count(*) FROM trial_attempts a JOIN trials t ON t.trial_id = a.trial_id WHERE t.sweep_id = ?"
            + "   AND a.started_at < (SELECT e.recorded_at FROM scheduler_events e WHERE e.sweep_id = t.sweep_id"
            + "     AND e.trial_id = t.trial_id AND e.type IN ('Started', 'Promoted')"
            + "     ORDER BY e.seq OFFSET a.attempt_number - 1 LIMIT 1))"
            + " + (SELECT count(*) FROM trials t JOIN scheduler_events e ON e.sweep_id = t.sweep_id"
            + "   AND e.trial_id = t.trial_id AND e.type = 'Pruned'"
            + "   WHERE t.sweep_id = ? AND t.state = 'PRUNED' AND t.ended_at < e.recorded_at)";

    /** Every trial COMPLETED or PRUNED, results exactly for the completed ones, and a consistent, replayable history. */
    boolean everyTrialDecidedOnce() {
        return trials > 0
                && completed > 0
                && completed + pruned == trials
                && completedWithOneResult == completed
                && resultsOfOthers == 0
                && historyByType.getOrDefault("Started", 0L) == trials
                && historyByType.getOrDefault("Completed", 0L) == completed
                && historyByType.getOrDefault("Pruned", 0L) == pruned
                && historyByType.getOrDefault("Reported", 0L) == attempts()
                && historyGaps == 0
                && stateDisagreements == 0
                && movedBeforeRecorded == 0
                && "ok".equals(replay);
    }

    long attempts() {
        return attemptsByOutcome.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Replays the stored history with the spec's settings; "ok" when every entry re-decides and the sweep ended. */
    private static String replay(Connection connection, long sweepId, String specText) throws SQLException {
        List<AshaEvent> history = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT event::text FROM scheduler_events WHERE sweep_id = ? ORDER BY seq")) {
            query.setLong(1, sweepId);
            query.setFetchSize(1_000);
            connection.setAutoCommit(false);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    history.add(Json.read(rows.getString(1), AshaEvent.class));
                }
            }
            connection.setAutoCommit(true);
        }
        SweepSpec spec = new SpecParser().parse(specText, "benchmark spec");
        SchedulerSpec settings = spec.scheduler();
        int configurations = (int) count(connection, "SELECT count(*) FROM trials WHERE sweep_id = ?", sweepId);
        try {
            AshaScheduler scheduler = AshaScheduler.replay(
                    settings.ladder(),
                    configurations,
                    ResultRanker.forObjectives(spec.objectives(), spec.constraints()),
                    settings.hyperband(),
                    history);
            return scheduler.isFinished() ? "ok" : "replayed, but the sweep's scheduler is not finished";
        } catch (RuntimeException e) {
            return "does not replay: " + e.getMessage();
        }
    }

    private static long count(Connection connection, String sql, long sweepId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 1; i <= query.getParameterMetaData().getParameterCount(); i++) {
                query.setLong(i, sweepId);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, Long> grouped(Connection connection, String sql, long sweepId) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, sweepId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }
}
