package org.ranksweep.db.trial;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.sql.Sql;

/** Writing and reading {@code results}, {@code stale_results} and {@code trial_metrics}. Stateless. */
public final class ResultRows {

    /** Result columns in {@link TrialResult} order; the leaderboard selects the same names. */
    static final String COLUMNS = "top1, params, macs, attention_params, latency_ms_b1, latency_ms_b64, ranks_json, "
            + "artifact_path, artifact_sha256, speedup_median, speedup_min, speedup_max, speedup_rounds, "
            + "customization_json";

    private ResultRows() {}

    /** A result waiting to be written: the trial, the attempt that produced it, the values. */
    record Pending(TrialId trialId, int attemptNumber, TrialResult result) {}

    /** Metrics of one attempt waiting to be written, in the order they were recorded. */
    record PendingMetrics(TrialId trialId, int attemptNumber, List<TrialMetric> metrics) {}

    /** Inserts results in one JDBC batch. */
    static void insertAll(Connection connection, List<Pending> results) throws SQLException {
        if (results.isEmpty()) {
            return;
        }
        try (PreparedStatement insert =
                connection.prepareStatement("INSERT INTO results (trial_id, attempt_number, " + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))")) {
            for (Pending pending : results) {
                TrialResult result = pending.result();
                insert.setLong(1, pending.trialId().value());
                insert.setInt(2, pending.attemptNumber());
                insert.setDouble(3, result.top1());
                insert.setLong(4, result.params());
                insert.setLong(5, result.macs());
                insert.setLong(6, result.attentionParams());
                insert.setDouble(7, result.latencyMsBatch1());
                insert.setDouble(8, result.latencyMsBatch64());
                insert.setString(9, Sql.json(result.ranks()));
                insert.setString(10, result.artifactPath());
                insert.setString(11, result.artifactSha256());
                PairedSpeedup speedup = result.speedupVsDense();
                insert.setObject(12, speedup == null ? null : speedup.median(), Types.DOUBLE);
                insert.setObject(13, speedup == null ? null : speedup.min(), Types.DOUBLE);
                insert.setObject(14, speedup == null ? null : speedup.max(), Types.DOUBLE);
                insert.setObject(15, speedup == null ? null : speedup.rounds(), Types.INTEGER);
                insert.setString(16, result.customization() == null ? null : Sql.json(result.customization()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static Optional<TrialResult> find(Connection connection, TrialId trialId) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM results WHERE trial_id = ?")) {
            query.setLong(1, trialId.value());
            return Sql.optional(query, ResultRows::result);
        }
    }

    /** Maps the result columns of a row; the caller knows they are not null. */
    static TrialResult result(ResultSet row) throws SQLException {
        return new TrialResult(
                row.getDouble("top1"),
                row.getLong("params"),
                row.getLong("macs"),
                row.getLong("attention_params"),
                row.getDouble("latency_ms_b1"),
                row.getDouble("latency_ms_b64"),
                Sql.jsonObject(row, "ranks_json"),
                row.getString("artifact_path"),
                row.getString("artifact_sha256"),
                pairedSpeedup(row),
                customization(row));
    }

    /** The paired speed-up columns of a row (the leaderboard selects them too); null when not measured. */
    public static PairedSpeedup pairedSpeedup(ResultSet row) throws SQLException {
        Double median = Sql.nullableDouble(row, "speedup_median");
        return median == null
                ? null
                : new PairedSpeedup(
                        median,
                        row.getDouble("speedup_min"),
                        row.getDouble("speedup_max"),
                        row.getInt("speedup_rounds"));
    }

    /** The customization column of a row (the leaderboard selects it too); null for a compression trial. */
    public static CustomizationResult customization(ResultSet row) throws SQLException {
        return Sql.fromJson(row, "customization_json", CustomizationResult.class);
    }

    /** Inserts late results in one JDBC batch. */
    static void insertAllStale(Connection connection, List<Pending> results) throws SQLException {
        if (results.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stale_results "
                + "(trial_id, attempt_number, result_json) VALUES (?, ?, CAST(? AS jsonb))")) {
            for (Pending pending : results) {
                insert.setLong(1, pending.trialId().value());
                insert.setInt(2, pending.attemptNumber());
                insert.setString(3, Sql.json(pending.result()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static StaleResult stale(ResultSet row) throws SQLException {
        return new StaleResult(
                row.getInt("attempt_number"),
                Sql.fromJson(row, "result_json", TrialResult.class),
                Sql.instant(row, "received_at"));
    }

    /** Inserts every metric of every attempt given in one JDBC batch, in list order. */
    static void insertMetrics(Connection connection, List<PendingMetrics> pending) throws SQLException {
        if (pending.stream().allMatch(p -> p.metrics().isEmpty())) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trial_metrics "
                + "(trial_id, attempt_number, phase, epoch, split, name, value) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (PendingMetrics attempt : pending) {
                for (TrialMetric metric : attempt.metrics()) {
                    insert.setLong(1, attempt.trialId().value());
                    insert.setInt(2, attempt.attemptNumber());
                    insert.setString(3, metric.phase());
                    insert.setInt(4, metric.epoch());
                    insert.setString(5, metric.split());
                    insert.setString(6, metric.name());
                    insert.setDouble(7, metric.value());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    static StoredMetric metric(ResultSet row) throws SQLException {
        TrialMetric metric = new TrialMetric(
                row.getString("phase"),
                row.getInt("epoch"),
                row.getString("split"),
                row.getString("name"),
                row.getDouble("value"));
        return new StoredMetric(row.getInt("attempt_number"), metric, Sql.instant(row, "recorded_at"));
    }
}
