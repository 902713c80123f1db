package org.ranksweep.db.trial;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sql.Sql;

/** Reading {@code trials} rows; statements run on the caller's connection. Stateless. */
final class TrialRows {

    static final String COLUMNS = "trial_id, sweep_id, trial_index, label, method, config_json, content_hash, "
            + "state, attempt_count, max_attempts, reason, created_at, started_at, ended_at";

    /**
     * Parsed configurations by their stored JSON, least recently used out first: a trial's configuration is asked for
     * at each of its assignments and rung reports, each time on a row read again, and {@link TrialConfig} is
     * immutable, so one parsed value serves every read of the same text. Rows that only change state never parse it
     * ({@link StoredConfig}). Guarded by itself.
     */
    private static final Map<String, TrialConfig> CONFIGS = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrialConfig> eldest) {
            return size() > CONFIG_CACHE_SIZE;
        }
    };

    private static final int CONFIG_CACHE_SIZE = 8_192;

    private TrialRows() {}

    static Optional<StoredTrial> find(Connection connection, TrialId trialId) throws SQLException {
        return select(connection, trialId, "");
    }

    private static Optional<StoredTrial> select(Connection connection, TrialId trialId, String suffix)
            throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM trials WHERE trial_id = ?" + suffix)) {
            query.setLong(1, trialId.value());
            return Sql.optional(query, TrialRows::trial);
        }
    }

    static TrialConfig config(String json) {
        synchronized (CONFIGS) {
            TrialConfig config = CONFIGS.get(json);
            if (config != null) {
                return config;
            }
        }
        TrialConfig config = Json.read(json, TrialConfig.class);
        synchronized (CONFIGS) {
            CONFIGS.put(json, config);
        }
        return config;
    }

    static StoredTrial trial(ResultSet row) throws SQLException {
        return new StoredTrial(
                new TrialId(row.getLong("trial_id")),
                new SweepId(row.getLong("sweep_id")),
                row.getInt("trial_index"),
                row.getString("label"),
                row.getString("method"),
                new StoredConfig(row.getString("config_json")),
                row.getString("content_hash"),
                TrialState.valueOf(row.getString("state")),
                row.getInt("attempt_count"),
                row.getInt("max_attempts"),
                row.getString("reason"),
                Sql.instant(row, "created_at"),
                Sql.instant(row, "started_at"),
                Sql.instant(row, "ended_at"));
    }
}
