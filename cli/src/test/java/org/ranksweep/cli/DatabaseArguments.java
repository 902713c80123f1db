package org.ranksweep.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ranksweep.db.DatabaseConfig;

/** The command-line options that point a command at a test's PostgreSQL database. */
public final class DatabaseArguments {

    private DatabaseArguments() {}

    /** {@code --db-url, --db-user, --db-password} for {@code database} (an empty password when it has none). */
    public static List<String> of(DatabaseConfig database) {
        return List.of(
                "--db-url",
                database.url(),
                "--db-user",
                database.user(),
                "--db-password",
                database.password() == null ? "" : database.password());
    }

    /** {@code arguments} followed by the database options, as one array for {@code Main.execute}. */
    public static String[] append(DatabaseConfig database, String... arguments) {
        List<String> all = new ArrayList<>(Arrays.asList(arguments));
        all.addAll(of(database));
        return all.toArray(String[]::new);
    }
}
