package org.ranksweep.db.trial;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;

/** The read-only queries behind {@link JdbcTrialRepository}. Thread-safe. */
final class TrialQueries {

    private final Database database;

    TrialQueries(Database database) {
        this.database = database;
    }

    List<StoredTrial> listBySweep(SweepId sweepId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TrialRows.COLUMNS
                    + " FROM trials WHERE sweep_id = ? ORDER BY trial_index")) {
                query.setLong(1, sweepId.value());
                return Sql.list(query, TrialRows::trial);
            }
        });
    }

    List<StoredTrial> listByState(TrialState state) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + TrialRows.COLUMNS
                    + " FROM trials WHERE state = ? ORDER BY trial_id")) {
                query.setString(1, state.name());
                return Sql.list(query, TrialRows::trial);
            }
        });
    }

    List<StoredAttempt> attempts(TrialId trialId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + AttemptRows.COLUMNS
                    + " FROM trial_attempts WHERE trial_id = ? ORDER BY attempt_number")) {
                query.setLong(1, trialId.value());
                return Sql.list(query, AttemptRows::attempt);
            }
        });
    }

    List<StaleResult> staleResults(TrialId trialId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT attempt_number, result_json,"
                    + " received_at FROM stale_results WHERE trial_id = ? ORDER BY stale_result_id")) {
                query.setLong(1, trialId.value());
                return Sql.list(query, ResultRows::stale);
            }
        });
    }

    List<StoredMetric> metrics(TrialId trialId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT attempt_number, phase, epoch, split,"
                    + " name, value, recorded_at FROM trial_metrics WHERE trial_id = ? ORDER BY metric_id")) {
                query.setLong(1, trialId.value());
                return Sql.list(query, ResultRows::metric);
            }
        });
    }

    Optional<StoredTrial> findCompletedByHash(String contentHash) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + qualified()
                    + " FROM trials t JOIN results r ON r.trial_id = t.trial_id"
                    + " WHERE t.content_hash = ? AND t.state = 'COMPLETED'"
                    + " ORDER BY t.ended_at DESC NULLS LAST, t.trial_id DESC LIMIT 1")) {
                query.setString(1, contentHash);
                return Sql.optional(query, TrialRows::trial);
            }
        });
    }

    Optional<TrialId> reusedFrom(TrialId trialId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT reused_from_trial_id FROM trials WHERE trial_id = ? AND reused_from_trial_id IS NOT NULL")) {
                query.setLong(1, trialId.value());
                return Sql.optional(query, row -> new TrialId(row.getLong("reused_from_trial_id")));
            }
        });
    }

    private static String qualified() {
        return "t." + TrialRows.COLUMNS.replace(", ", ", t.");
    }
}
