package org.ranksweep.db.leaderboard;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;
import org.ranksweep.db.trial.ResultRows;

/**
 * Reads the leaderboard: every matching trial joined to its result, best top-1 first, trials without a result
 * last (then by trial id); the best trial per method and budget; and compact result points for plots. Filters use the indexed {@code trials.dataset_name}/{@code model_arch} columns derived
 * from the configuration. Thread-safe.
 */
public final class JdbcLeaderboardRepository {

    private static final String BUDGET = "(t.config_json ->> 'budget')::double precision";
    private static final String COLUMNS = "t.trial_id, t.sweep_id, t.label, t.method, " + BUDGET + " AS budget,"
            + " t.dataset_name, t.model_arch,"
            + " COALESCE((t.config_json ->> 'seed')::bigint, 0) AS seed, t.state, t.reused_from_trial_id,"
            + " r.top1, r.params, r.macs, r.attention_params, r.latency_ms_b1, r.latency_ms_b64, r.ranks_json,"
            + " r.artifact_path, r.speedup_median, r.speedup_min, r.speedup_max, r.speedup_rounds,"
            + " r.customization_json";
    private static final String SELECT =
            "SELECT " + COLUMNS + " FROM trials t LEFT JOIN results r ON r.trial_id = t.trial_id";
    private static final String ORDER = " ORDER BY r.top1 DESC NULLS LAST, t.trial_id LIMIT ? OFFSET ?";

    private final Database database;

    public JdbcLeaderboardRepository(Database database) {
        this.database = database;
    }

    public List<LeaderboardRow> query(LeaderboardFilter filter) {
        List<Object> values = new ArrayList<>();
        String sql = SELECT + where(filter, values) + ORDER;
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                bindPage(query, values, filter);
                return Sql.list(query, JdbcLeaderboardRepository::row);
            }
        });
    }

    /**
     * The best completed trial of every dataset, model, method and budget matching the filter (its method, sweep,
     * dataset and model), grouped and ranked in the database. Groups come by dataset and model, dense first, then by
     * method and budget from the largest; {@code limit} and {@code offset} page over groups.
     */
    public List<BestResult> best(LeaderboardFilter filter) {
        List<Object> values = new ArrayList<>();
        String where = where(filter, values);
        String group = "t.dataset_name, t.model_arch, t.method, " + BUDGET;
        // Rank narrow rows per group first; only each group's best trial is read in full.
        String sql = "WITH ranked AS (SELECT t.trial_id,"
                + " row_number() OVER (PARTITION BY " + group + " ORDER BY r.top1 DESC, t.trial_id) AS place,"
                + " count(*) OVER (PARTITION BY " + group + ") AS completed_trials"
                + " FROM trials t JOIN results r ON r.trial_id = t.trial_id" + where + ")"
                + " SELECT " + COLUMNS + ", ranked.completed_trials FROM ranked"
                + " JOIN trials t ON t.trial_id = ranked.trial_id JOIN results r ON r.trial_id = t.trial_id"
                + " WHERE ranked.place = 1"
                + " ORDER BY t.dataset_name NULLS LAST, t.model_arch NULLS LAST, (t.method <> 'dense'), t.method,"
                + " budget DESC NULLS FIRST LIMIT ? OFFSET ?";
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                bindPage(query, values, filter);
                return Sql.list(query, row -> new BestResult(row(row), row.getInt("completed_trials")));
            }
        });
    }

    /** Completed trials matching the filter as plot points, by trial id; no ranks are read. */
    public List<ResultPoint> points(LeaderboardFilter filter) {
        List<Object> values = new ArrayList<>();
        String sql = "SELECT t.trial_id, t.sweep_id, t.label, t.method, " + BUDGET + " AS budget, t.dataset_name,"
                + " t.model_arch, r.params, r.macs, r.top1, r.latency_ms_b64, t.ended_at"
                + " FROM trials t JOIN results r ON r.trial_id = t.trial_id" + where(filter, values)
                + " ORDER BY t.trial_id LIMIT ? OFFSET ?";
        return database.withConnection(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                bindPage(query, values, filter);
                return Sql.list(
                        query,
                        row -> new ResultPoint(
                                row.getLong("trial_id"),
                                row.getLong("sweep_id"),
                                row.getString("label"),
                                row.getString("method"),
                                Sql.nullableDouble(row, "budget"),
                                row.getString("dataset_name"),
                                row.getString("model_arch"),
                                row.getLong("params"),
                                row.getLong("macs"),
                                row.getDouble("top1"),
                                row.getDouble("latency_ms_b64"),
                                Sql.instant(row, "ended_at")));
            }
        });
    }

    private static String where(LeaderboardFilter filter, List<Object> values) {
        List<String> conditions = new ArrayList<>();
        addCondition(conditions, values, "t.dataset_name = ?", filter.dataset());
        addCondition(conditions, values, "t.model_arch = ?", filter.model());
        addCondition(conditions, values, "t.method = ?", filter.method());
        addCondition(
                conditions,
                values,
                "t.sweep_id = ?",
                filter.sweepId() == null ? null : filter.sweepId().value());
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bindPage(PreparedStatement query, List<Object> values, LeaderboardFilter filter)
            throws SQLException {
        int index = 1;
        for (Object value : values) {
            query.setObject(index++, value);
        }
        query.setInt(index++, filter.limit());
        query.setInt(index, filter.offset());
    }

    private static void addCondition(List<String> conditions, List<Object> values, String condition, Object value) {
        if (value != null) {
            conditions.add(condition);
            values.add(value);
        }
    }

    private static LeaderboardRow row(ResultSet row) throws SQLException {
        Long reusedFrom = Sql.nullableLong(row, "reused_from_trial_id");
        boolean hasResult = Sql.nullableDouble(row, "top1") != null;
        return new LeaderboardRow(
                new TrialId(row.getLong("trial_id")),
                new SweepId(row.getLong("sweep_id")),
                row.getString("label"),
                row.getString("method"),
                Sql.nullableDouble(row, "budget"),
                row.getString("dataset_name"),
                row.getString("model_arch"),
                row.getLong("seed"),
                TrialState.valueOf(row.getString("state")),
                Sql.nullableDouble(row, "top1"),
                Sql.nullableLong(row, "params"),
                Sql.nullableLong(row, "macs"),
                Sql.nullableLong(row, "attention_params"),
                Sql.nullableDouble(row, "latency_ms_b1"),
                Sql.nullableDouble(row, "latency_ms_b64"),
                hasResult ? Sql.jsonObject(row, "ranks_json") : null,
                row.getString("artifact_path"),
                reusedFrom == null ? null : new TrialId(reusedFrom),
                ResultRows.pairedSpeedup(row),
                ResultRows.customization(row));
    }
}
