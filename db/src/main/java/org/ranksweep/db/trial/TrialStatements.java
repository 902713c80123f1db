package org.ranksweep.db.trial;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sql.Sql;

/** Updates of {@code trials} rows inside the caller's transaction. Stateless. */
final class TrialStatements {

    private static final String SWEEP_CANCELLED = "sweep cancelled";

    private TrialStatements() {
    }

    /** Sets state and reason with the timestamp rules of {@link JdbcTrialRepository#transition}. */
    static void setState(Connection connection, TrialId trialId, TrialState state, String reason)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE trials SET state = ?, reason = ?,"
                + " updated_at = now(),"
                + " started_at = CASE WHEN ? THEN COALESCE(started_at, now()) ELSE started_at END,"
                + " ended_at = CASE WHEN ? THEN now() ELSE NULL END"
                + " WHERE trial_id = ?")) {
            update.setString(1, state.name());
            update.setString(2, reason);
            update.setBoolean(3, state == TrialState.RUNNING);
            update.setBoolean(4, state.isTerminal());
            update.setLong(5, trialId.value());
            update.executeUpdate();
        }
    }

    /**
     * Moves the listed trials that are in {@code expectedFrom} to the non-terminal {@code state} (reason cleared,
     * timestamps as {@link #setState}); returns the ids that moved.
     */
    static List<TrialId> setStateWhere(Connection connection, Collection<TrialId> trialIds, TrialState expectedFrom,
                                       TrialState state) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE trials SET state = ?, reason = NULL,"
                + " updated_at = now(),"
                + " started_at = CASE WHEN ? THEN COALESCE(started_at, now()) ELSE started_at END,"
                + " ended_at = NULL WHERE trial_id = ANY (?) AND state = ? RETURNING trial_id")) {
            update.setString(1, state.name());
            update.setBoolean(2, state == TrialState.RUNNING);
            update.setArray(3, connection.createArrayOf("bigint", trialIds.stream().map(TrialId::value).toArray()));
            update.setString(4, expectedFrom.name());
            return Sql.list(update, row -> new TrialId(row.getLong("trial_id")));
        }
    }

    static void startAttempt(Connection connection, TrialId trialId, int attemptNumber) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE trials SET attempt_count = ?,"
                + " state = 'RUNNING', reason = NULL, updated_at = now(), started_at = COALESCE(started_at, now()),"
                + " ended_at = NULL WHERE trial_id = ?")) {
            update.setInt(1, attemptNumber);
            update.setLong(2, trialId.value());
            update.executeUpdate();
        }
    }

    static void completeFromReuse(Connection connection, TrialId trialId, TrialId source, String reason)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE trials SET state = 'COMPLETED',"
                + " reused_from_trial_id = ?, reason = ?, updated_at = now(),"
                + " started_at = COALESCE(started_at, now()), ended_at = now() WHERE trial_id = ?")) {
            update.setLong(1, source.value());
            update.setString(2, reason);
            update.setLong(3, trialId.value());
            update.executeUpdate();
        }
    }

    /** Cancels the sweep's unfinished trials, then their running attempts; returns the number of trials. */
    static int cancelNonTerminal(Connection connection, SweepId sweepId) throws SQLException {
        List<Long> cancelled;
        // Row locks make a concurrent result either land first (trial COMPLETED, skipped here) or wait and go stale.
        try (PreparedStatement update = connection.prepareStatement("UPDATE trials SET state = 'CANCELLED',"
                + " reason = ?, updated_at = now(), ended_at = now()"
                + " WHERE sweep_id = ? AND state IN " + TrialRows.NON_TERMINAL + " RETURNING trial_id")) {
            update.setString(1, SWEEP_CANCELLED);
            update.setLong(2, sweepId.value());
            cancelled = Sql.list(update, row -> row.getLong("trial_id"));
        }
        if (cancelled.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE trial_attempts SET outcome = ?,"
                + " reason = ?, ended_at = now() WHERE outcome = 'RUNNING' AND trial_id = ANY (?)")) {
            Array trialIds = connection.createArrayOf("bigint", cancelled.toArray());
            update.setString(1, AttemptOutcome.CANCELLED.name());
            update.setString(2, SWEEP_CANCELLED);
            update.setArray(3, trialIds);
            update.executeUpdate();
        }
        return cancelled.size();
    }
}
