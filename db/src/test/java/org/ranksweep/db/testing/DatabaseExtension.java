package org.ranksweep.db.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ranksweep.db.Database;
import org.ranksweep.db.DatabaseConfig;

/**
 * Gives a test class its own migrated database on the shared test server and drops it afterwards. Register it
 * as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DatabaseExtension DATABASE = new DatabaseExtension();
 * ... new JdbcSweepRepository(DATABASE.database()) ...
 * }</pre>
 *
 * Tests in one class share the database; {@link #truncateAll()} empties it. Not thread-safe to set up; the
 * {@link Database} it hands out is.
 */
public final class DatabaseExtension implements BeforeAllCallback, AfterAllCallback {

    private static final String ALL_TABLES =
            "sweeps, trials, trial_attempts, trial_metrics, results, stale_results, baselines, workers,"
                    + " scheduler_events";

    private DatabaseConfig config;
    private Database database;

    @Override
    public void beforeAll(ExtensionContext context) {
        config = TestDatabases.createDatabase(context.getRequiredTestClass().getSimpleName());
        database = Database.open(config);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            database.close();
            database = null;
        }
        if (config != null) {
            TestDatabases.drop(config);
            config = null;
        }
    }

    /** The migrated database of the current test class. */
    public Database database() {
        if (database == null) {
            throw new IllegalStateException("DatabaseExtension is not active: register it as a static field");
        }
        return database;
    }

    /** Connection settings of the current test class's database (e.g. to hand to a component under test). */
    public DatabaseConfig config() {
        database();
        return config;
    }

    /** Deletes every row of every RankSweep table and restarts the id sequences. */
    public void truncateAll() {
        try (Connection connection = database().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + ALL_TABLES + " RESTART IDENTITY CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot truncate the test database", e);
        }
    }
}
