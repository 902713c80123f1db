package org.ranksweep.db;

import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;

/**
 * Where the PostgreSQL database is and how many connections the pool may hold. Immutable.
 *
 * @param url         JDBC URL, e.g. {@code jdbc:postgresql://localhost:5432/ranksweep}
 * @param user        database user
 * @param password    password; null or empty when the server trusts local connections
 * @param maxPoolSize upper bound of pooled connections, at least 1
 */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize) {

    /** Pool size used when a caller has no opinion: enough for the orchestrator's worker pool. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;

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
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** The same database with another pool size. */
    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(url, user, password, size);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
