package org.ranksweep.db.sweep;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps in PostgreSQL ({@code sweeps}, and {@code trials} on creation). Thread-safe: every call uses its own
 * pooled connection.
 */
public final class JdbcSweepRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSweepRepository.class);
    private static final String COLUMNS =
            "sweep_id, name, state, spec_text, trial_count, created_at, started_at, ended_at";
    private static final String INSERT_SWEEP = "INSERT INTO sweeps (name, spec_text, spec_json, state, trial_count, "
            + "started_at) VALUES (?, ?, CAST(? AS jsonb), 'RUNNING', ?, now()) RETURNING " + COLUMNS;
    private static final String INSERT_TRIAL = "INSERT INTO trials (sweep_id, trial_index, label, method, "
            + "config_json, content_hash, state, max_attempts) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, 'PENDING', ?)";

    private final Database database;

    public JdbcSweepRepository(Database database) {
        this.database = database;
    }

    /**
     * Stores a sweep in state RUNNING together with all its trials (PENDING, no attempts) in one transaction:
     * either everything is stored or, when any trial is rejected (duplicate index, malformed hash), nothing.
     *
     * @return the stored sweep with its trials' ids in the order of {@link NewSweep#trials()}
     * @throws ConflictException   when two trials share an index
     * @throws ValidationException when a value breaks a constraint (e.g. the hash)
     */
    public CreatedSweep create(NewSweep sweep) {
        CreatedSweep created = database.inTransaction(connection -> {
            StoredSweep inserted = insertSweep(connection, sweep);
            return new CreatedSweep(inserted, insertTrials(connection, inserted.id(), sweep));
        });
        LOG.info(
                "Created sweepId={} name={} with {} trials",
                created.id(),
                created.sweep().name(),
                created.trialIds().size());
        return created;
    }

    private static StoredSweep insertSweep(Connection connection, NewSweep sweep) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SWEEP)) {
            insert.setString(1, sweep.name());
            insert.setString(2, sweep.specText());
            insert.setString(3, sweep.specJson());
            insert.setInt(4, sweep.trials().size());
            return Sql.optional(insert, JdbcSweepRepository::sweep).orElseThrow();
        }
    }

    /** Inserts the trials in one JDBC batch; returns their generated ids in the order given. */
    private static List<TrialId> insertTrials(Connection connection, SweepId sweepId, NewSweep sweep)
            throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement(INSERT_TRIAL, new String[] {"trial_id", "trial_index"})) {
            for (NewTrial trial : sweep.trials()) {
                insert.setLong(1, sweepId.value());
                insert.setInt(2, trial.index());
                insert.setString(3, trial.label());
                insert.setString(4, trial.method());
                insert.setString(5, Sql.json(trial.config()));
                insert.setString(6, trial.contentHash());
                insert.setInt(7, sweep.maxAttempts());
                insert.addBatch();
            }
            insert.executeBatch();
            return idsInOrder(insert, sweep);
        }
    }

    /** Pairs generated ids with trials by their index, so the order of the returned keys does not matter. */
    private static List<TrialId> idsInOrder(PreparedStatement insert, NewSweep sweep) throws SQLException {
        Map<Integer, TrialId> byIndex = new HashMap<>();
        try (ResultSet keys = insert.getGeneratedKeys()) {
            while (keys.next()) {
                byIndex.put(keys.getInt("trial_index"), new TrialId(keys.getLong("trial_id")));
            }
        }
        List<TrialId> ids = new ArrayList<>(sweep.trials().size());
        for (NewTrial trial : sweep.trials()) {
            ids.add(Objects.requireNonNull(byIndex.get(trial.index()), "no id for trial " + trial.index()));
        }
        return ids;
    }

    public Optional<StoredSweep> find(SweepId sweepId) {
        return database.withConnection(connection -> find(connection, sweepId));
    }

    private static Optional<StoredSweep> find(Connection connection, SweepId sweepId) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM sweeps WHERE sweep_id = ?")) {
            query.setLong(1, sweepId.value());
            return Sql.optional(query, JdbcSweepRepository::sweep);
        }
    }

    /** The spec of a sweep as parsed JSON text (PostgreSQL's normalised {@code jsonb} rendering). */
    public Optional<String> specJson(SweepId sweepId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT spec_json::text AS spec_json FROM sweeps WHERE sweep_id = ?")) {
                query.setLong(1, sweepId.value());
                return Sql.optional(query, row -> row.getString("spec_json"));
            }
        });
    }

    /** A page of sweeps, newest first. */
    public List<StoredSweep> list(int limit, int offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("need limit >= 1 and offset >= 0, was " + limit + ", " + offset);
        }
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sweeps ORDER BY sweep_id DESC LIMIT ? OFFSET ?")) {
                query.setInt(1, limit);
                query.setInt(2, offset);
                return Sql.list(query, JdbcSweepRepository::sweep);
            }
        });
    }

    /**
     * Sets a sweep's state unconditionally. RUNNING clears {@code ended_at} (and sets {@code started_at} if it was
     * never set); a terminal state sets {@code ended_at} to now.
     *
     * @throws NotFoundException when the sweep does not exist
     */
    public void markState(SweepId sweepId, SweepState state) {
        int updated = database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(updateStateSql(""))) {
                bindStateUpdate(update, sweepId, state);
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new NotFoundException("sweep " + sweepId + " does not exist");
        }
        LOG.info("sweepId={} state={}", sweepId, state);
    }

    /**
     * Compare-and-set of a sweep's state, with the timestamps of {@link #markState}.
     *
     * @return false when the sweep exists but is not in {@code expectedFrom}
     * @throws NotFoundException when the sweep does not exist
     */
    public boolean transition(SweepId sweepId, SweepState expectedFrom, SweepState to) {
        int updated = database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(updateStateSql(" AND state = ?"))) {
                bindStateUpdate(update, sweepId, to);
                update.setString(4, expectedFrom.name());
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            find(sweepId).orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
            return false;
        }
        LOG.info("sweepId={} state {} -> {}", sweepId, expectedFrom, to);
        return true;
    }

    private static String updateStateSql(String extraCondition) {
        return "UPDATE sweeps SET state = ?,"
                + " started_at = COALESCE(started_at, now()),"
                + " ended_at = CASE WHEN ? THEN now() ELSE NULL END"
                + " WHERE sweep_id = ?" + extraCondition;
    }

    private static void bindStateUpdate(PreparedStatement update, SweepId sweepId, SweepState state)
            throws SQLException {
        update.setString(1, state.name());
        update.setBoolean(2, state.isTerminal());
        update.setLong(3, sweepId.value());
    }

    /**
     * Counts the sweep's trials per state.
     *
     * @throws NotFoundException when the sweep does not exist
     */
    public SweepProgress progress(SweepId sweepId) {
        // One transaction so the counts and the trial count describe the same moment.
        return database.inTransaction(connection -> {
            StoredSweep sweep = find(connection, sweepId)
                    .orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT state, count(*) AS trials FROM trials WHERE sweep_id = ? GROUP BY state")) {
                query.setLong(1, sweepId.value());
                Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
                for (Map.Entry<TrialState, Integer> entry : Sql.list(query, JdbcSweepRepository::stateCount)) {
                    counts.put(entry.getKey(), entry.getValue());
                }
                return new SweepProgress(sweepId, sweep.trialCount(), counts);
            }
        });
    }

    /** How many sweeps are RUNNING (not yet COMPLETED, CANCELLED or FAILED). */
    public int countUnfinished() {
        return database.withConnection(connection -> {
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT count(*) AS unfinished FROM sweeps WHERE state = ?")) {
                query.setString(1, SweepState.RUNNING.name());
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getInt("unfinished");
                }
            }
        });
    }

    /** Whether any of the sweep's trials is not terminal (PENDING, QUEUED, RUNNING, PAUSED): one index probe. */
    public boolean hasUnfinishedTrials(SweepId sweepId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM trials"
                    + " WHERE sweep_id = ? AND state IN ('PENDING', 'QUEUED', 'RUNNING', 'PAUSED')) AS unfinished")) {
                query.setLong(1, sweepId.value());
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getBoolean("unfinished");
                }
            }
        });
    }

    private static Map.Entry<TrialState, Integer> stateCount(ResultSet row) throws SQLException {
        return Map.entry(TrialState.valueOf(row.getString("state")), row.getInt("trials"));
    }

    private static StoredSweep sweep(ResultSet row) throws SQLException {
        return new StoredSweep(
                new SweepId(row.getLong("sweep_id")),
                row.getString("name"),
                SweepState.valueOf(row.getString("state")),
                row.getString("spec_text"),
                row.getInt("trial_count"),
                Sql.instant(row, "created_at"),
                Sql.instant(row, "started_at"),
                Sql.instant(row, "ended_at"));
    }
}
