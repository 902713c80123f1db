package org.ranksweep.db.testing;

import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.embedded.EmbeddedPostgresServer;

/** The embedded server on a temporary directory; zonky's shutdown hook stops it when the JVM exits. */
final class EmbeddedTestServer implements TestPostgresServer {

    private final EmbeddedPostgresServer server = EmbeddedPostgresServer.startEphemeral();

    @Override
    public String description() {
        return "embedded PostgreSQL (zonky) on localhost:" + server.port() + ", data in " + server.dataDirectory();
    }

    @Override
    public DatabaseConfig config(String databaseName) {
        return server.config(databaseName);
    }

    @Override
    public String maintenanceDatabase() {
        return "postgres";
    }
}
