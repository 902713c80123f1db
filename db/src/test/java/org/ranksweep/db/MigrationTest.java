package org.ranksweep.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.db.sql.Sql;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.db.testing.TestDatabases;

class MigrationTest {

    @RegisterExtension
    static final DatabaseExtension DATABASE = new DatabaseExtension();

    @Test
    void migrationsCreateEveryTable() {
        List<String> tables = DATABASE.database().withConnection(connection -> {
            try (var query = connection.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' ORDER BY table_name")) {
                return Sql.list(query, row -> row.getString(1));
            }
        });
        assertThat(tables)
                .contains(
                        "sweeps",
                        "trials",
                        "trial_attempts",
                        "trial_metrics",
                        "results",
                        "stale_results",
                        "baselines",
                        "workers",
                        "flyway_schema_history");
    }

    @Test
    void reopeningAMigratedDatabaseAppliesNothingAgain() {
        try (Database again = Database.open(DATABASE.config())) {
            int applied = again.withConnection(connection -> {
                try (var query = connection.prepareStatement(
                        "SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'")) {
                    return Sql.optional(query, row -> row.getInt(1)).orElseThrow();
                }
            });
            assertThat(applied).isEqualTo(1);
        }
    }

    @Test
    void stateCheckRejectsUnknownSweepState() {
        assertThatThrownBy(() -> execute("INSERT INTO sweeps (name, spec_text, spec_json, state, trial_count)"
                        + " VALUES ('x', 'x', '{}', 'PAUSED', 0)"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"))
                .hasMessageContaining("sweeps_state_check");
    }

    @Test
    void stateCheckRejectsUnknownTrialStateAndAttemptOutcome() throws SQLException {
        execute("INSERT INTO sweeps (name, spec_text, spec_json, state, trial_count)"
                + " VALUES ('checks', 'x', '{}', 'RUNNING', 1)");
        String trial = "INSERT INTO trials (sweep_id, trial_index, label, method, config_json, content_hash, state,"
                + " max_attempts) SELECT sweep_id, %d, 'l', 'comcat', '{}', repeat('a', 64), '%s', 3"
                + " FROM sweeps WHERE name = 'checks'";
        assertThatThrownBy(() -> execute(String.format(trial, 0, "DONE"))).hasMessageContaining("trials_state_check");
        execute(String.format(trial, 1, "QUEUED"));
        assertThatThrownBy(() -> execute("INSERT INTO trial_attempts (trial_id, attempt_number, worker_id, outcome)"
                        + " SELECT trial_id, 1, 'w', 'VANISHED' FROM trials WHERE trial_index = 1"))
                .hasMessageContaining("trial_attempts_outcome_check");
    }

    @Test
    void constraintViolationsBecomeRankSweepExceptions() {
        Database database = DATABASE.database();
        assertThatThrownBy(() -> database.withConnection(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        return statement.execute("INSERT INTO sweeps (name, spec_text, spec_json, state, trial_count)"
                                + " VALUES ('x', 'x', '{}', 'PAUSED', 0)");
                    }
                }))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("sweeps_state_check");
        assertThatThrownBy(() -> database.withConnection(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(
                                "INSERT INTO workers (worker_id, host, device, device_count, slots, memory_bytes,"
                                        + " started_at, last_heartbeat_at) VALUES ('dup', 'h', 'cpu', 0, 1, 0, now(), now())");
                        return statement.execute("INSERT INTO workers (worker_id, host, device, device_count, slots,"
                                + " memory_bytes, started_at, last_heartbeat_at) VALUES ('dup', 'h', 'cpu', 0, 1, 0, now(),"
                                + " now())");
                    }
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("dup");
    }

    @Test
    void transactionRollsBackEverythingWhenTheWorkThrows() {
        Database database = DATABASE.database();
        assertThatThrownBy(() -> database.inTransaction(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(
                                "INSERT INTO workers (worker_id, host, device, device_count, slots, memory_bytes,"
                                        + " started_at, last_heartbeat_at) VALUES ('rolled-back', 'h', 'cpu', 0, 1, 0, now(), now())");
                    }
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);
        int rows = database.withConnection(connection -> {
            try (var query =
                    connection.prepareStatement("SELECT count(*) FROM workers WHERE worker_id = 'rolled-back'")) {
                return Sql.optional(query, row -> row.getInt(1)).orElseThrow();
            }
        });
        assertThat(rows).isZero();
    }

    @Test
    void fixtureReportsWhichServerItUses() {
        assertThat(TestDatabases.serverDescription()).containsAnyOf("embedded", "Testcontainers");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DATABASE.database().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
