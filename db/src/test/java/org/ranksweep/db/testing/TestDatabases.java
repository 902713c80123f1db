package org.ranksweep.db.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.ranksweep.db.Database;
import org.ranksweep.db.DatabaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL for tests. One server per test JVM, started on first use: a Testcontainers container when a
 * Docker daemon is reachable, otherwise the embedded server on a temporary directory (the log says which). Each
 * caller gets its own freshly created, empty database on it, so test classes never see each other's rows. Set the
 * system property {@code ranksweep.test.postgres=embedded} to skip the Docker probe. Thread-safe.
 *
 * <p>Other modules use it through the db test-jar, usually via {@link DatabaseExtension}; to get the container
 * path they also need {@code org.testcontainers:testcontainers-postgresql} in test scope.
 */
public final class TestDatabases {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgresServer server;

    private TestDatabases() {}

    /** Which server the tests in this JVM run against. */
    public static synchronized String serverDescription() {
        return server().description();
    }

    /** Creates a new empty database (no schema yet) and returns its connection settings. */
    public static DatabaseConfig createDatabase(String purpose) {
        String name = "rs_" + DATABASES.incrementAndGet() + "_" + identifierPart(purpose);
        TestPostgresServer postgres = server();
        execute(postgres, "CREATE DATABASE " + name);
        LOG.debug("Created test database {}", name);
        return postgres.config(name);
    }

    /** Creates a new database and opens it, which applies the migrations. Close it, then {@link #drop}. */
    public static Database openNewDatabase(String purpose) {
        return Database.open(createDatabase(purpose));
    }

    /** Drops a database made by {@link #createDatabase}, disconnecting whoever still uses it. */
    public static void drop(DatabaseConfig config) {
        String url = config.url();
        String name = url.substring(url.lastIndexOf('/') + 1);
        execute(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static synchronized TestPostgresServer server() {
        if (server == null) {
            server = startServer();
            LOG.info("Tests use {}", server.description());
        }
        return server;
    }

    private static TestPostgresServer startServer() {
        if ("embedded".equals(System.getProperty("ranksweep.test.postgres"))) {
            LOG.info("ranksweep.test.postgres=embedded: not probing for Docker");
            return new EmbeddedTestServer();
        }
        if (DockerProbe.dockerAvailable()) {
            return new ContainerTestServer();
        }
        LOG.info("No Docker daemon reachable: using the embedded PostgreSQL server");
        return new EmbeddedTestServer();
    }

    private static void execute(TestPostgresServer postgres, String sql) {
        DatabaseConfig admin = postgres.config(postgres.maintenanceDatabase());
        try (Connection connection = DriverManager.getConnection(
                        admin.url(), admin.user(), admin.password() == null ? "" : admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + sql, e);
        }
    }

    private static String identifierPart(String purpose) {
        String cleaned = purpose.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }
}
