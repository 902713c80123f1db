package org.ranksweep.db.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.db.DatabaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run from the binaries in zonky's Maven artifacts, so {@code ranksweep local} needs no
 * installed database. A persistent data directory keeps results across restarts: a later start reuses the
 * existing cluster, and a postmaster orphaned by a crashed JVM is stopped first. It listens on loopback only and
 * admits the superuser with a generated password only ({@link ServerPassword}). As root, zonky runs the server
 * inside {@code unshare -U} because PostgreSQL refuses to run as root. Thread-safe; {@link #close()} stops the
 * server (and deletes an ephemeral data directory).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The database RankSweep's tables live in; created on first start. */
    public static final String DATABASE_NAME = "ranksweep";
    /** The superuser initdb creates; its password is generated on first start ({@link ServerPassword}). */
    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    // Crash recovery after an unclean stop can take longer than zonky's 10 s default.
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean persistent;
    private final String password;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean persistent, String password) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.persistent = persistent;
        this.password = password;
    }

    /** Starts (initialising on first use) a server whose data lives in {@code dataDirectory}, on a free port. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, 0);
    }

    /**
     * Starts a server on a persistent data directory.
     *
     * @param dataDirectory created if missing; an existing cluster in it is reused
     * @param port          TCP port on localhost, or 0 for any free port
     * @throws org.ranksweep.core.error.ConflictException when another live process is serving that directory
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        DataDirectoryGuard.prepare(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("max_connections", "200");
        if (port > 0) {
            builder.setPort(port);
        }
        return launch(builder, directory, true);
    }

    /** Starts a throw-away server in a new temporary directory that {@link #close()} deletes. */
    public static EmbeddedPostgresServer startEphemeral() {
        Path directory;
        try {
            directory = Files.createTempDirectory("ranksweep-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary PostgreSQL data directory", e);
        }
        // Durability is pointless for a directory deleted on close; skipping fsync makes tests faster.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(true)
                .setPGStartupWait(STARTUP_WAIT)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off");
        return launch(builder, directory, false);
    }

    private static EmbeddedPostgresServer launch(EmbeddedPostgres.Builder builder, Path directory, boolean persistent) {
        long startNanos = System.nanoTime();
        String password = ServerPassword.readOrGenerate(directory);
        builder.setServerConfig("listen_addresses", "localhost")
                .setConnectConfig("password", password)
                // After initdb (which wants an empty directory), before the server starts.
                .setDataDirectoryCustomizer(initialised -> ServerPassword.keep(initialised.toPath(), password));
        EmbeddedPostgres postgres;
        try {
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new RankSweepException(
                    "embedded PostgreSQL failed to start on data directory " + directory + clusterVersion(directory)
                            + ": " + Failures.describe(e),
                    e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory, persistent, password);
        try {
            ServerPassword.secure(directory, postgres.getPostgresDatabase(), SUPERUSER, password);
            server.createDatabaseIfMissing(DATABASE_NAME);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info(
                "Embedded PostgreSQL ready on localhost:{} with {} data directory {} in {} ms",
                postgres.getPort(),
                persistent ? "persistent" : "ephemeral",
                directory,
                (System.nanoTime() - startNanos) / 1_000_000);
        return server;
    }

    /** Names the major version of an existing cluster, the usual suspect when binaries were upgraded. */
    private static String clusterVersion(Path directory) {
        try {
            return " (holding a PostgreSQL "
                    + Files.readString(directory.resolve("PG_VERSION")).trim() + " cluster)";
        } catch (IOException e) {
            return "";
        }
    }

    /** Creates a database owned by the superuser unless it exists; returns whether it was created. */
    public boolean createDatabaseIfMissing(String databaseName) {
        if (!databaseName.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case SQL identifier: " + databaseName);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            if (databaseExists(connection, databaseName)) {
                return false;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + databaseName);
            }
            LOG.info("Created database {} on embedded PostgreSQL port {}", databaseName, port());
            return true;
        } catch (SQLException e) {
            throw new RankSweepException(
                    "cannot create database " + databaseName + " on embedded PostgreSQL: " + Failures.describe(e), e);
        }
    }

    private static boolean databaseExists(Connection connection, String databaseName) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, databaseName);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Connection settings for RankSweep's own database on this server. */
    public DatabaseConfig config() {
        return config(DATABASE_NAME);
    }

    /** Connection settings for any database on this server, as the superuser with its password. */
    public DatabaseConfig config(String databaseName) {
        return new DatabaseConfig(jdbcUrl(databaseName), SUPERUSER, password, DatabaseConfig.DEFAULT_MAX_POOL_SIZE);
    }

    /** The file holding the superuser's password (mode 0600), inside the data directory. */
    public Path passwordFile() {
        return dataDirectory.resolve(ServerPassword.FILE_NAME);
    }

    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://localhost:" + port() + "/" + databaseName;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether the data survives {@link #close()}. */
    public boolean persistent() {
        return persistent;
    }

    /** Stops the server (fast shutdown); idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            postgres.close();
            LOG.info("Embedded PostgreSQL on port {} stopped (data directory {})", port(), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL on " + dataDirectory, e);
        }
    }
}
