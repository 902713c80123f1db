package org.ranksweep.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;

/**
 * Where the PostgreSQL database is, how many connections the pool may hold and how long a caller waits for one.
 * Immutable.
 *
 * @param url               JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/ranksweep}
 * @param user              database user
 * @param password          password; null or empty when the server trusts local connections
 * @param maxPoolSize       upper bound of pooled connections, at least 1
 * @param connectionTimeout how long a caller waits for a pooled connection before the operation fails (and a
 *                          retrying caller such as the scheduler tries again); at least 250 ms, Hikari's minimum
 */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize, Duration connectionTimeout) {

    /** Pool size used when a caller has no opinion: enough for the orchestrator's worker pool. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    /** Connection wait used when a caller has no opinion. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    /** A database with the default connection timeout. */
    public DatabaseConfig(String url, String user, String password, int maxPoolSize) {
        this(url, user, password, maxPoolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    public DatabaseConfig {
        List<Problem> problems = new ArrayList<>();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            problems.add(new Problem("database.url", "must be a jdbc:postgresql: URL, was " + url));
        }
        if (user == null || user.isBlank()) {
            problems.add(new Problem("database.user", "must not be empty"));
        }
        if (maxPoolSize < 1) {
            problems.add(new Problem("database.maxPoolSize", "must be at least 1, was " + maxPoolSize));
        }
        if (connectionTimeout == null || connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
            problems.add(
                    new Problem("database.connectionTimeout", "must be at least 250 ms, was " + connectionTimeout));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** The same database with another pool size. */
    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(url, user, password, size, connectionTimeout);
    }

    /** The same database with another connection timeout. */
    public DatabaseConfig withConnectionTimeout(Duration timeout) {
        return new DatabaseConfig(url, user, password, maxPoolSize, timeout);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", maxPoolSize=" + maxPoolSize + ", connectionTimeout="
                + connectionTimeout + "]";
    }
}
