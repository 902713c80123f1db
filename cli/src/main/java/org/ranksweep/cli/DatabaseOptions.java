package org.ranksweep.cli;

import java.nio.file.Path;
import org.ranksweep.db.Database;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Where results are stored: an external PostgreSQL by URL, or the embedded server under the home directory. */
final class DatabaseOptions {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOptions.class);

    @Option(
            names = "--db-url",
            description = {
                "JDBC URL of an external PostgreSQL (or RANKSWEEP_DB_URL).",
                "Default: an embedded PostgreSQL whose data lives in <home>/postgres and survives restarts."
            })
    String url;

    @Option(names = "--db-user", defaultValue = "postgres", description = "database user (default: ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--db-password", defaultValue = "", description = "database password (or RANKSWEEP_DB_PASSWORD)")
    String password;

    /** Opens the database (migrating it), starting the embedded server first when no URL was given. */
    Opened open(Path home) {
        if (url != null && !url.isBlank()) {
            LOG.info("using external PostgreSQL {}", url);
            return new Opened(
                    null, Database.open(new DatabaseConfig(url, user, password, DatabaseConfig.DEFAULT_MAX_POOL_SIZE)));
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home.resolve("postgres"));
        try {
            return new Opened(server, Database.open(server.config()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** An open database and, when embedded, its server; closing closes both. */
    record Opened(EmbeddedPostgresServer server, Database database) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            if (server != null) {
                server.close();
            }
        }
    }
}
