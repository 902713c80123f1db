package org.ranksweep.cli.dispatch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import org.ranksweep.db.DatabaseConfig;

/**
 * What PostgreSQL holds about one sweep after it ran: the checks that every trial ended COMPLETED exactly once, read
 * with aggregate queries straight from the tables (not through the repositories under test).
 *
 * @param trials               trials of the sweep
 * @param completed            trials in state COMPLETED
 * @param results              rows in {@code results} for the sweep's trials
 * @param trialsWithOneResult  trials with exactly one result
 * @param resultsOfSucceeded   results whose attempt is the trial's SUCCEEDED attempt
 * @param attemptsByOutcome    attempts per outcome
 * @param trialsWithOneAttempt trials with exactly one attempt
 * @param staleResults         late results kept aside
 * @param sweepState           the sweep's state
 * @param sweepEndedAt         when the sweep reached it (database clock), null while RUNNING
 * @param firstAttemptAt       the earliest attempt start
 */
record StoredSweepCheck(
        long trials,
        long completed,
        long results,
        long trialsWithOneResult,
        long resultsOfSucceeded,
        Map<String, Long> attemptsByOutcome,
        long trialsWithOneAttempt,
        long staleResults,
        String sweepState,
        Instant sweepEndedAt,
        Instant firstAttemptAt) {

    static StoredSweepCheck read(DatabaseConfig database, long sweepId) {
        try (Connection connection = DriverManager.getConnection(
                database.url(), database.user(), database.password() == null ? "" : database.password())) {
            String ofSweep = " JOIN trials t ON t.trial_id = x.trial_id WHERE t.sweep_id = ?";
            Map<String, Long> outcomes = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT x.outcome, count(*) FROM trial_attempts x" + ofSweep + " GROUP BY x.outcome")) {
                query.setLong(1, sweepId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        outcomes.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            return new StoredSweepCheck(
                    count(connection, "SELECT count(*) FROM trials WHERE sweep_id = ?", sweepId),
                    count(
                            connection,
                            "SELECT count(*) FROM trials WHERE sweep_id = ? AND state = 'COMPLETED'",
                            sweepId),
                    count(connection, "SELECT count(*) FROM results x" + ofSweep, sweepId),
                    count(
                            connection,
                            "SELECT count(*) FROM trials t WHERE t.sweep_id = ?"
                                    + " AND (SELECT count(*) FROM results r WHERE r.trial_id = t.trial_id) = 1",
                            sweepId),
                    count(
                            connection,
                            "SELECT count(*) FROM results x JOIN trial_attempts a ON a.trial_id = x.trial_id"
                                    + " AND a.attempt_number = x.attempt_number AND a.outcome = 'SUCCEEDED'"
                                    + " JOIN trials t ON t.trial_id = x.trial_id WHERE t.sweep_id = ?",
                            sweepId),
                    outcomes,
                    count(
                            connection,
                            "SELECT count(*) FROM trials t WHERE t.sweep_id = ?"
                                    + " AND (SELECT count(*) FROM trial_attempts a WHERE a.trial_id = t.trial_id) = 1",
                            sweepId),
                    count(connection, "SELECT count(*) FROM stale_results x" + ofSweep, sweepId),
                    text(connection, "SELECT state FROM sweeps WHERE sweep_id = ?", sweepId),
                    instant(connection, "SELECT ended_at FROM sweeps WHERE sweep_id = ?", sweepId),
                    instant(connection, "SELECT min(x.started_at) FROM trial_attempts x" + ofSweep, sweepId));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read sweep " + sweepId + " from " + database.url(), e);
        }
    }

    /** True when every trial is COMPLETED with exactly one result, produced by its one SUCCEEDED attempt. */
    boolean everyTrialCompletedOnce() {
        return trials > 0
                && completed == trials
                && results == trials
                && trialsWithOneResult == trials
                && resultsOfSucceeded == trials
                && "COMPLETED".equals(sweepState);
    }

    long attempts() {
        return attemptsByOutcome.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long count(Connection connection, String sql, long sweepId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, sweepId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String text(Connection connection, String sql, long sweepId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, sweepId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static Instant instant(Connection connection, String sql, long sweepId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, sweepId);
            try (ResultSet rows = query.executeQuery()) {
                OffsetDateTime value = rows.next() ? rows.getObject(1, OffsetDateTime.class) : null;
                return value == null ? null : value.toInstant();
            }
        }
    }
}
