package org.ranksweep.db.worker;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Workers in PostgreSQL, keyed by worker id. Thread-safe. */
public final class JdbcWorkerRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcWorkerRepository.class);
    private static final String COLUMNS = "worker_id, host, device, device_count, slots, memory_bytes, engine,"
            + " capabilities, started_at, last_heartbeat_at";
    private static final String UPSERT = "INSERT INTO workers (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)"
            + " ON CONFLICT (worker_id) DO UPDATE SET host = EXCLUDED.host, device = EXCLUDED.device,"
            + " device_count = EXCLUDED.device_count, slots = EXCLUDED.slots, memory_bytes = EXCLUDED.memory_bytes,"
            + " engine = EXCLUDED.engine, capabilities = EXCLUDED.capabilities, started_at = EXCLUDED.started_at,"
            + " last_heartbeat_at = EXCLUDED.last_heartbeat_at";

    private final Database database;

    public JdbcWorkerRepository(Database database) {
        this.database = database;
    }

    /** Registers a worker, or replaces what was stored under its id (a restarted worker re-registers). */
    public void upsert(RegisteredWorker registered) {
        WorkerInfo worker = registered.worker();
        database.withConnection(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, worker.workerId());
                upsert.setString(2, worker.host());
                upsert.setString(3, worker.device());
                upsert.setInt(4, worker.deviceCount());
                upsert.setInt(5, worker.slots());
                upsert.setLong(6, worker.memoryBytes());
                upsert.setString(7, worker.engine());
                upsert.setString(8, Sql.json(registered.capabilities()));
                Sql.setInstant(upsert, 9, registered.startedAt());
                Sql.setInstant(upsert, 10, registered.lastHeartbeatAt());
                return upsert.executeUpdate();
            }
        });
        LOG.info(
                "Registered workerId={} host={} device={} slots={}",
                worker.workerId(),
                worker.host(),
                worker.device(),
                worker.slots());
    }

    /**
     * Records that a worker was heard from; a heartbeat older than the stored one is ignored.
     *
     * @throws NotFoundException when no worker has that id
     */
    public void heartbeat(String workerId, Instant at) {
        int updated = database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE workers" + " SET last_heartbeat_at = GREATEST(last_heartbeat_at, ?) WHERE worker_id = ?")) {
                Sql.setInstant(update, 1, at);
                update.setString(2, workerId);
                return update.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new NotFoundException("worker " + workerId + " is not registered");
        }
    }

    /** Every registered worker, by id. */
    public List<RegisteredWorker> list() {
        return database.withConnection(connection -> {
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT " + COLUMNS + " FROM workers ORDER BY worker_id")) {
                return Sql.list(query, JdbcWorkerRepository::worker);
            }
        });
    }

    private static RegisteredWorker worker(ResultSet row) throws SQLException {
        return new RegisteredWorker(
                new WorkerInfo(
                        row.getString("worker_id"),
                        row.getString("host"),
                        row.getString("device"),
                        row.getInt("device_count"),
                        row.getInt("slots"),
                        row.getLong("memory_bytes"),
                        row.getString("engine")),
                Sql.jsonObject(row, "capabilities"),
                Sql.instant(row, "started_at"),
                Sql.instant(row, "last_heartbeat_at"));
    }
}
