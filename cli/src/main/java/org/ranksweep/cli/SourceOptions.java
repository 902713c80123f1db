package org.ranksweep.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a read-only command finds results: the orchestrator's API ({@code --server}, the default), or PostgreSQL
 * directly when {@code --db-url} is given (or {@code --embedded-db} for the embedded server under {@code --home},
 * which only works while no {@code ranksweep local} holds it). Used with the {@link DatabaseOptions} and
 * {@link HomeOption} mixins.
 */
final class SourceOptions {

    @Option(
            names = "--server",
            defaultValue = "http://127.0.0.1:8080",
            description =
                    "orchestrator URL, used unless --db-url or --embedded-db is given (default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--token", description = "bearer token (or RANKSWEEP_TOKEN)")
    String token;

    @Option(names = "--embedded-db", description = "read the embedded PostgreSQL under --home directly")
    boolean embeddedDb;

    ResultSource open(DatabaseOptions database, Path home) {
        return open(database, home, null);
    }

    /**
     * Opens the source; reading PostgreSQL directly, the published rows of {@code baselines} (when given) are
     * loaded first, idempotently, as {@code local} and {@code orchestrator} do at start-up.
     */
    ResultSource open(DatabaseOptions database, Path home, BaselineOption baselines) {
        boolean direct = embeddedDb || (database.url != null && !database.url.isBlank());
        if (!direct) {
            return new HttpResultSource(new ApiClient(server, token));
        }
        DatabaseOptions.Opened opened = database.open(home);
        try {
            if (baselines != null) {
                baselines.load(opened.database());
            }
            return new DatabaseResultSource(opened);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }
}
