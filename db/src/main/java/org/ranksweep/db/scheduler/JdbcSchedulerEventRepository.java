package org.ranksweep.db.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;

/**
 * The successive-halving history of sweeps in PostgreSQL ({@code scheduler_events}): appended in order, read back
 * whole for a replay or per trial for an audit. Positions are unique per sweep, so two writers cannot both append
 * the same entry. Thread-safe: every call uses its own pooled connection.
 */
public final class JdbcSchedulerEventRepository {

    private static final String COLUMNS = "sweep_id, seq, trial_id, event::text AS event, recorded_at";

    private final Database database;

    public JdbcSchedulerEventRepository(Database database) {
        this.database = database;
    }

    /** An entry to append: the event and the trial it is about. */
    public record NewSchedulerEvent(TrialId trialId, AshaEvent event) {}

    /**
     * Appends {@code events} at positions {@code firstSeq}, {@code firstSeq + 1}, ... in one transaction.
     *
     * @throws org.ranksweep.core.error.ConflictException when a position is taken (the history moved on elsewhere)
     */
    public void append(SweepId sweepId, int firstSeq, List<NewSchedulerEvent> events, Instant recordedAt) {
        if (events.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            append(connection, sweepId, firstSeq, events, recordedAt);
            return null;
        });
    }

    /**
     * As {@link #append(SweepId, int, List, Instant)}, in the caller's transaction: the orchestrator stores a
     * sweep's new entries in the transaction that moves the trials they decide about, so no move commits without
     * the history behind it.
     */
    public void append(
            Connection connection, SweepId sweepId, int firstSeq, List<NewSchedulerEvent> events, Instant recordedAt)
            throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Instant at = recordedAt.truncatedTo(ChronoUnit.MICROS);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scheduler_events"
                + " (sweep_id, seq, type, trial_id, rung, event, recorded_at)"
                + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
            int seq = firstSeq;
            for (NewSchedulerEvent entry : events) {
                insert.setLong(1, sweepId.value());
                insert.setInt(2, seq++);
                insert.setString(3, entry.event().getClass().getSimpleName());
                insert.setLong(4, entry.trialId().value());
                Integer rung = rung(entry.event());
                if (rung == null) {
                    insert.setNull(5, Types.INTEGER);
                } else {
                    insert.setInt(5, rung);
                }
                insert.setString(6, Json.write(entry.event()));
                Sql.setInstant(insert, 7, at);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The sweep's history in order; empty when it has none. */
    public List<StoredSchedulerEvent> list(SweepId sweepId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM scheduler_events WHERE sweep_id = ? ORDER BY seq")) {
                query.setLong(1, sweepId.value());
                return Sql.list(query, JdbcSchedulerEventRepository::row);
            }
        });
    }

    /** The entries about one trial, in order. */
    public List<StoredSchedulerEvent> listByTrial(TrialId trialId) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM scheduler_events WHERE trial_id = ? ORDER BY seq")) {
                query.setLong(1, trialId.value());
                return Sql.list(query, JdbcSchedulerEventRepository::row);
            }
        });
    }

    private static Integer rung(AshaEvent event) {
        if (event instanceof AshaEvent.Reported reported) {
            return reported.result().rung();
        } else if (event instanceof AshaDecision.Started started) {
            return started.rung();
        } else if (event instanceof AshaDecision.Promoted promoted) {
            return promoted.rung();
        } else if (event instanceof AshaDecision.Completed completed) {
            return completed.rung();
        } else if (event instanceof AshaDecision.Pruned pruned) {
            return pruned.rung();
        }
        return null;
    }

    private static StoredSchedulerEvent row(ResultSet row) throws SQLException {
        return new StoredSchedulerEvent(
                new SweepId(row.getLong("sweep_id")),
                row.getInt("seq"),
                new TrialId(row.getLong("trial_id")),
                Json.read(row.getString("event"), AshaEvent.class),
                Sql.instant(row, "recorded_at"));
    }
}
