package org.ranksweep.db.baseline;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Published baselines in PostgreSQL, loaded idempotently. Thread-safe. */
public final class JdbcBaselineRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBaselineRepository.class);
    private static final String COLUMNS = "model, dataset, method, params, macs, top1, citation, source_checkpoint,"
            + " teacher, epochs, flop_convention, notes";
    // Rows whose values did not change are not touched, so a reload reports 0 and keeps updated_at.
    private static final String UPSERT = "INSERT INTO baselines (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT ON CONSTRAINT baselines_natural_key DO UPDATE SET macs = EXCLUDED.macs,"
            + " top1 = EXCLUDED.top1, source_checkpoint = EXCLUDED.source_checkpoint, teacher = EXCLUDED.teacher,"
            + " epochs = EXCLUDED.epochs, flop_convention = EXCLUDED.flop_convention, notes = EXCLUDED.notes,"
            + " updated_at = now()"
            + " WHERE (baselines.macs, baselines.top1, baselines.source_checkpoint, baselines.teacher,"
            + " baselines.epochs, baselines.flop_convention, baselines.notes) IS DISTINCT FROM (EXCLUDED.macs,"
            + " EXCLUDED.top1, EXCLUDED.source_checkpoint, EXCLUDED.teacher, EXCLUDED.epochs,"
            + " EXCLUDED.flop_convention, EXCLUDED.notes)";

    private final Database database;

    public JdbcBaselineRepository(Database database) {
        this.database = database;
    }

    /**
     * Inserts new baselines and updates changed ones, in one transaction; loading the same list twice leaves the
     * table as after the first load.
     *
     * @return how many rows were inserted or changed (0 when everything was already stored as given)
     */
    public int upsert(List<Baseline> baselines) {
        int written = database.inTransaction(connection -> {
            int changed = 0;
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (Baseline baseline : baselines) {
                    bind(upsert, baseline);
                    changed += upsert.executeUpdate();
                }
            }
            return changed;
        });
        LOG.info("Loaded {} baselines: {} inserted or changed", baselines.size(), written);
        return written;
    }

    private static void bind(PreparedStatement statement, Baseline baseline) throws SQLException {
        statement.setString(1, baseline.model());
        statement.setString(2, baseline.dataset());
        statement.setString(3, baseline.method());
        Sql.setLong(statement, 4, baseline.params());
        Sql.setLong(statement, 5, baseline.macs());
        Sql.setDouble(statement, 6, baseline.top1());
        statement.setString(7, baseline.citation());
        statement.setString(8, baseline.sourceCheckpoint());
        statement.setString(9, baseline.teacher());
        Sql.setInteger(statement, 10, baseline.epochs());
        statement.setString(11, baseline.flopConvention());
        statement.setString(12, baseline.notes());
    }

    /**
     * Baselines of one model, or all when {@code model} is null, ordered by model, dataset, method and size.
     */
    public List<Baseline> list(String model) {
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM baselines"
                    + " WHERE (CAST(? AS text) IS NULL OR model = ?)"
                    + " ORDER BY model, dataset, method, params NULLS LAST, citation")) {
                query.setString(1, model);
                query.setString(2, model);
                return Sql.list(query, JdbcBaselineRepository::baseline);
            }
        });
    }

    private static Baseline baseline(ResultSet row) throws SQLException {
        return new Baseline(
                row.getString("model"),
                row.getString("dataset"),
                row.getString("method"),
                Sql.nullableLong(row, "params"),
                Sql.nullableLong(row, "macs"),
                Sql.nullableDouble(row, "top1"),
                row.getString("citation"),
                row.getString("source_checkpoint"),
                row.getString("teacher"),
                Sql.nullableInteger(row, "epochs"),
                row.getString("flop_convention"),
                row.getString("notes"));
    }
}
