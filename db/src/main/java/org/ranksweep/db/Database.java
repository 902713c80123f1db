package org.ranksweep.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.ranksweep.core.error.RankSweepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RankSweep database: a HikariCP pool over PostgreSQL whose schema Flyway has brought up to date. Every
 * {@link SQLException} leaving {@link #inTransaction} or {@link #withConnection} is translated into a
 * {@link org.ranksweep.core.error.RankSweepException} subtype (unique violation → conflict, missing foreign key →
 * not found, CHECK violation → validation). Thread-safe; open once per process and share.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String MIGRATIONS = "classpath:db/migration";

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens a connection pool and applies pending migrations; fails (and releases the pool) when the server is
     * unreachable or a migration fails.
     */
    public static Database open(DatabaseConfig config) {
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikariConfig(config));
        } catch (RuntimeException e) {
            throw new RankSweepException(
                    "cannot connect to database " + config.url() + " as " + config.user() + ": " + rootMessage(e), e);
        }
        try {
            migrate(dataSource);
        } catch (FlywayException e) {
            dataSource.close();
            throw new RankSweepException("migrating database " + config.url() + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        LOG.info("Opened database url={} user={} maxPoolSize={}", config.url(), config.user(), config.maxPoolSize());
        return new Database(dataSource);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static HikariConfig hikariConfig(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        if (config.password() != null && !config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.maxPoolSize());
        // Many short-lived pools exist in tests and small deployments; idle connections are cheap to reopen.
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setPoolName("ranksweep-db");
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "ranksweep");
        return hikari;
    }

    private static void migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .cleanDisabled(true)
                .load()
                .migrate();
        LOG.info(
                "Database schema at version {} ({} migrations applied now)",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /** The pooled data source, for callers that need plain JDBC (e.g. tests, health checks). */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. Use it wherever
     * several rows must change together.
     */
    public <T> T inTransaction(SqlFunction<Connection, T> work) {
        // Hikari restores auto-commit when the connection returns to the pool.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode: one statement, one transaction. */
    public <T> T withConnection(SqlFunction<Connection, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /** Closes the pool; the server itself keeps running. */
    @Override
    public void close() {
        dataSource.close();
    }
}
