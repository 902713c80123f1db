package org.ranksweep.cli.halving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.ranksweep.cli.DatabaseArguments;
import org.ranksweep.cli.Main;
import org.ranksweep.cli.dispatch.Machine;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.testing.TestDatabases;

/** What the benchmarks of this package share: one {@code ranksweep local} run per spec, and their results files. */
final class LocalRuns {

    /** Fine-tuning epochs trained: one held-out top-1 row is stored per epoch trained. */
    static final String EPOCHS =
            "SELECT count(*) FROM trial_metrics WHERE phase = 'finetune' AND split = 'heldout' AND name = 'top1'";

    private LocalRuns() {}

    /**
     * Runs {@code ranksweep local spec --no-serve} under {@code work/name} against a database of its own; returns
     * the database once the sweep ended and the command exited 0.
     */
    static DatabaseConfig run(String benchmark, String name, Path spec, Path work) {
        DatabaseConfig database = TestDatabases.createDatabase(benchmark + "-bench-" + name);
        System.out.println("running " + spec + " (" + name + ")");
        int exit = Main.execute(DatabaseArguments.append(
                database,
                "local",
                spec.toString(),
                "--no-serve",
                "--home",
                work.resolve(name).toString()));
        if (exit != 0) {
            throw new IllegalStateException(name + " run exited " + exit);
        }
        return database;
    }

    static Connection connect(DatabaseConfig database) throws SQLException {
        return DriverManager.getConnection(
                database.url(), database.user(), database.password() == null ? "" : database.password());
    }

    /** The single number a query returns. */
    static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A results section's heading ({@code title, run of <UTC time>}) and its machine and load lines. */
    static StringBuilder section(String title, String loadBefore) {
        String machine = Machine.describe();
        return new StringBuilder()
                .append("\n## ")
                .append(title)
                .append(machine.substring(machine.lastIndexOf("; ") + 2))
                .append("\n\n- machine: ")
                .append(machine, 0, machine.lastIndexOf("; "))
                .append("\n- load average (1, 5, 15 min) before: ")
                .append(loadBefore)
                .append("; after: ")
                .append(Machine.loadAverage());
    }

    /** Appends {@code section} to {@code benchmarks/<file>} and prints it. */
    static void append(Path root, String file, CharSequence section) throws IOException {
        Files.writeString(
                root.resolve("benchmarks").resolve(file),
                section,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println(section);
    }
}
