package org.ranksweep.db.trial;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.sql.Sql;

/** Writing and reading {@code trial_attempts} rows on the caller's connection. Stateless. */
final class AttemptRows {

    static final String COLUMNS =
            "attempt_number, worker_id, lease_deadline, started_at, ended_at, outcome, reason";

    private AttemptRows() {
    }

    static void insertRunning(Connection connection, TrialId trialId, int attemptNumber, String workerId,
                              Instant leaseDeadline) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trial_attempts "
                + "(trial_id, attempt_number, worker_id, lease_deadline, outcome) VALUES (?, ?, ?, ?, 'RUNNING')")) {
            insert.setLong(1, trialId.value());
            insert.setInt(2, attemptNumber);
            insert.setString(3, workerId);
            Sql.setInstant(insert, 4, leaseDeadline);
            insert.executeUpdate();
        }
    }

    /** Ends one attempt if it is still RUNNING; returns whether it was. */
    static boolean end(Connection connection, TrialId trialId, int attemptNumber, AttemptOutcome outcome,
                       String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE trial_attempts "
                + "SET outcome = ?, reason = ?, ended_at = now() "
                + "WHERE trial_id = ? AND attempt_number = ? AND outcome = 'RUNNING'")) {
            update.setString(1, outcome.name());
            update.setString(2, reason);
            update.setLong(3, trialId.value());
            update.setInt(4, attemptNumber);
            return update.executeUpdate() == 1;
        }
    }

    /** Ends whatever attempt of the trial is still RUNNING; returns how many were (0 or 1). */
    static int endRunning(Connection connection, TrialId trialId, AttemptOutcome outcome, String reason)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE trial_attempts "
                + "SET outcome = ?, reason = ?, ended_at = now() WHERE trial_id = ? AND outcome = 'RUNNING'")) {
            update.setString(1, outcome.name());
            update.setString(2, reason);
            update.setLong(3, trialId.value());
            return update.executeUpdate();
        }
    }

    static boolean isRunning(Connection connection, TrialId trialId, int attemptNumber) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM trial_attempts "
                + "WHERE trial_id = ? AND attempt_number = ? AND outcome = 'RUNNING'")) {
            query.setLong(1, trialId.value());
            query.setInt(2, attemptNumber);
            return Sql.optional(query, row -> Boolean.TRUE).isPresent();
        }
    }

    static boolean exists(Connection connection, TrialId trialId, int attemptNumber) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM trial_attempts WHERE trial_id = ? AND attempt_number = ?")) {
            query.setLong(1, trialId.value());
            query.setInt(2, attemptNumber);
            return Sql.optional(query, row -> Boolean.TRUE).isPresent();
        }
    }

    static StoredAttempt attempt(ResultSet row) throws SQLException {
        return new StoredAttempt(row.getInt("attempt_number"), row.getString("worker_id"),
                Sql.instant(row, "lease_deadline"), Sql.instant(row, "started_at"), Sql.instant(row, "ended_at"),
                AttemptOutcome.valueOf(row.getString("outcome")), row.getString("reason"));
    }
}
