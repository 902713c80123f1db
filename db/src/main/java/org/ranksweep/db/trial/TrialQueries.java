package org.ranksweep.db.trial;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.RowMapper;
import org.ranksweep.db.sql.Sql;

/** The read-only queries behind {@link JdbcTrialRepository}. Thread-safe. */
final class TrialQueries {

    private static final String RESULT_COLUMNS = "r." + ResultRows.COLUMNS.replace(", ", ", r.");

    private final Database database;

    TrialQueries(Database database) {
        this.database = database;
    }

    List<StoredTrial> listBySweep(SweepId sweepId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + TrialRows.COLUMNS + " FROM trials WHERE sweep_id = ? ORDER BY trial_index")) {
                query.setLong(1, sweepId.value());
                return Sql.list(query, TrialRows::trial);
            }
        });
    }

    List<StoredTrial> listByState(TrialState state) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + TrialRows.COLUMNS + " FROM trials WHERE state = ? ORDER BY trial_id")) {
                query.setString(1, state.name());
                return Sql.list(query, TrialRows::trial);
            }
        });
    }

    Map<TrialId, Integer> attemptCounts(TrialState state) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT trial_id, attempt_count FROM trials WHERE state = ? ORDER BY trial_id")) {
                query.setString(1, state.name());
                Map<TrialId, Integer> counts = new LinkedHashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.put(new TrialId(rows.getLong("trial_id")), rows.getInt("attempt_count"));
                    }
                }
                return counts;
            }
        });
    }

    List<StoredAttempt> attempts(TrialId trialId) {
        return ofTrial(
                "SELECT " + AttemptRows.COLUMNS + " FROM trial_attempts WHERE trial_id = ? ORDER BY attempt_number",
                trialId,
                AttemptRows::attempt);
    }

    List<StaleResult> staleResults(TrialId trialId) {
        return ofTrial(
                "SELECT attempt_number, result_json, received_at FROM stale_results WHERE trial_id = ?"
                        + " ORDER BY stale_result_id",
                trialId,
                ResultRows::stale);
    }

    List<StoredMetric> metrics(TrialId trialId) {
        return ofTrial(
                "SELECT attempt_number, phase, epoch, split, name, value, recorded_at FROM trial_metrics"
                        + " WHERE trial_id = ? ORDER BY metric_id",
                trialId,
                ResultRows::metric);
    }

    /** The rows {@code sql} selects for one trial (its one parameter), in its order. */
    private <T> List<T> ofTrial(String sql, TrialId trialId, RowMapper<T> mapper) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setLong(1, trialId.value());
                return Sql.list(query, mapper);
            }
        });
    }

    Map<String, StoredTrial> findCompletedByHashes(Collection<String> contentHashes) {
        if (contentHashes.isEmpty()) {
            return Map.of();
        }
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT DISTINCT ON (t.content_hash) "
                    + qualified() + " FROM trials t JOIN results r ON r.trial_id = t.trial_id"
                    + " WHERE t.content_hash = ANY (?) AND t.state = 'COMPLETED'"
                    + " ORDER BY t.content_hash, t.ended_at DESC NULLS LAST, t.trial_id DESC")) {
                query.setArray(
                        1,
                        connection.createArrayOf(
                                "bpchar", contentHashes.stream().distinct().toArray()));
                Map<String, StoredTrial> newest = new HashMap<>();
                for (StoredTrial trial : Sql.list(query, TrialRows::trial)) {
                    newest.put(trial.contentHash(), trial);
                }
                return newest;
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

    TrialPage page(TrialPageQuery page) {
        List<Object> values = new ArrayList<>();
        String where = pageCondition(page, values);
        String order = page.sort().expression() + (page.descending() ? " DESC" : " ASC") + " NULLS LAST, t.trial_index";
        // Order and cut narrow (id, position) rows first; only the page's rows are read in full.
        String select = "WITH page AS (SELECT t.trial_id, row_number() OVER (ORDER BY " + order + ") AS position"
                + " FROM trials t LEFT JOIN results r ON r.trial_id = t.trial_id" + where
                + " ORDER BY position LIMIT ? OFFSET ?)"
                + " SELECT " + qualified() + ", " + RESULT_COLUMNS
                + " FROM page JOIN trials t ON t.trial_id = page.trial_id"
                + " LEFT JOIN results r ON r.trial_id = t.trial_id ORDER BY page.position";
        // One transaction so the page and its total describe the same moment.
        return database.inTransaction(connection -> {
            List<TrialRow> rows;
            try (PreparedStatement query = connection.prepareStatement(select)) {
                int index = bind(query, values);
                query.setInt(index++, page.limit());
                query.setInt(index, page.offset());
                rows = Sql.list(query, TrialQueries::row);
            }
            return new TrialPage(rows, count(connection, where, values));
        });
    }

    private static String pageCondition(TrialPageQuery page, List<Object> values) {
        StringBuilder where = new StringBuilder(" WHERE t.sweep_id = ?");
        values.add(page.sweepId().value());
        if (page.state() != null) {
            where.append(" AND t.state = ?");
            values.add(page.state().name());
        }
        if (page.text() != null) {
            where.append(" AND (t.label ILIKE ? OR t.method ILIKE ? OR t.state ILIKE ?)");
            String pattern = containsPattern(page.text());
            values.add(pattern);
            values.add(pattern);
            values.add(pattern);
        }
        return where.toString();
    }

    /** An ILIKE pattern matching the text anywhere, with the text's own wildcards escaped. */
    private static String containsPattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static int count(Connection connection, String where, List<Object> values) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) AS trials FROM trials t" + where)) {
            bind(query, values);
            return Sql.optional(query, row -> row.getInt("trials")).orElse(0);
        }
    }

    private static int bind(PreparedStatement statement, List<Object> values) throws SQLException {
        int index = 1;
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }

    private static TrialRow row(ResultSet row) throws SQLException {
        boolean hasResult = Sql.nullableDouble(row, "top1") != null;
        return new TrialRow(TrialRows.trial(row), hasResult ? ResultRows.result(row) : null);
    }

    private static String qualified() {
        return "t." + TrialRows.COLUMNS.replace(", ", ", t.");
    }
}
