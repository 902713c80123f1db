package org.ranksweep.db.testing;

import org.ranksweep.db.DatabaseConfig;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL 17 in a Testcontainers container, used where a Docker daemon is reachable. Only loaded then, so
 * modules without Testcontainers on their test classpath never touch these classes. Ryuk removes the container
 * when the JVM exits.
 */
final class ContainerTestServer implements TestPostgresServer {

    static final String IMAGE = "postgres:17-alpine";

    private final PostgreSQLContainer container;

    @SuppressWarnings("resource") // lives for the whole test JVM
    ContainerTestServer() {
        container =
                new PostgreSQLContainer(IMAGE).withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
        container.start();
    }

    @Override
    public String description() {
        return "Testcontainers " + IMAGE + " at " + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public DatabaseConfig config(String databaseName) {
        String url = "jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + databaseName;
        return new DatabaseConfig(
                url, container.getUsername(), container.getPassword(), DatabaseConfig.DEFAULT_MAX_POOL_SIZE);
    }

    @Override
    public String maintenanceDatabase() {
        return container.getDatabaseName();
    }
}
