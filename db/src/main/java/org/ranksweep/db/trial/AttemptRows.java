package org.ranksweep.db.trial;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.db.sql.Sql;

/** Reading {@code trial_attempts} rows. Stateless. */
final class AttemptRows {

    static final String COLUMNS = "attempt_number, worker_id, lease_deadline, started_at, ended_at, outcome, reason";

    private AttemptRows() {}

    static StoredAttempt attempt(ResultSet row) throws SQLException {
        return new StoredAttempt(
                row.getInt("attempt_number"),
                row.getString("worker_id"),
                Sql.instant(row, "lease_deadline"),
                Sql.instant(row, "started_at"),
                Sql.instant(row, "ended_at"),
                AttemptOutcome.valueOf(row.getString("outcome")),
                row.getString("reason"));
    }
}
