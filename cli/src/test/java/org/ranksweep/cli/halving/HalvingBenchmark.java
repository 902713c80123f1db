package org.ranksweep.cli.halving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ranksweep.cli.dispatch.Machine;
import org.ranksweep.db.DatabaseConfig;

/**
 * Compute to find the best, run by hand (command in {@code benchmarks/asha.md}): the same search space run twice
 * through {@code ranksweep local} on real Fashion-MNIST training, once with successive halving
 * ({@code experiments/fmnist-asha.yaml}) and once with every trial trained to the end
 * ({@code experiments/fmnist-asha-grid.yaml}), each with its own home and database, successive halving first (so a
 * warmer JVM can only favour the grid). From PostgreSQL it measures, per run, the fine-tuning epochs trained (one
 * held-out top-1 row per epoch trained, repeats included) and the wall time, in total and until a completed trial
 * came within 0.5 points of the grid's best test top-1; then appends a section to {@code benchmarks/asha.md}.
 *
 * <p>Arguments: {@code [successive-halving spec] [grid spec]}, both relative to the repository root; {@code -} as the
 * grid spec runs successive halving alone.
 */
public final class HalvingBenchmark {

    /** Within this much test top-1 of the grid's best a trial counts as having found it (0.5 points). */
    private static final double WITHIN = 0.005;

    private HalvingBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Machine.repositoryRoot();
        Path halvingSpec = root.resolve(args.length > 0 ? args[0] : "experiments/fmnist-asha.yaml");
        Path work = Files.createTempDirectory("ranksweep-asha-");
        String loadBefore = Machine.loadAverage();
        if (args.length > 1 && args[1].equals("-")) {
            halvingOnly(root, halvingSpec, run("halving", halvingSpec, work), loadBefore);
            return;
        }
        Path gridSpec = root.resolve(args.length > 1 ? args[1] : "experiments/fmnist-asha-grid.yaml");
        Run halving = run("halving", halvingSpec, work);
        Run grid = run("grid", gridSpec, work);

        double best =
                grid.completed().stream().mapToDouble(Completed::top1).max().orElseThrow();
        Found halvingFound = halving.found(best - WITHIN);
        Found gridFound = grid.found(best - WITHIN);
        StringBuilder md = LocalRuns.section("Run of ", loadBefore);
        md.append("\n- specs: `")
                .append(root.relativize(halvingSpec))
                .append("` (successive halving) and `")
                .append(root.relativize(gridSpec))
                .append("` (every trial to the end), ")
                .append(grid.completed().size())
                .append(" trials each\n\n")
                .append("| measurement | successive halving | grid | ratio |\n|---|---|---|---|\n");
        row(md, "fine-tuning epochs trained, whole sweep", halving.epochs(), grid.epochs());
        row(
                md,
                "wall time, whole sweep (s)",
                halving.wall().toSeconds(),
                grid.wall().toSeconds());
        row(
                md,
                "fine-tuning epochs until within 0.5 points of the grid's best",
                halvingFound.epochs(),
                gridFound.epochs());
        row(md, "wall time until then (s)", halvingFound.seconds(), gridFound.seconds());
        md.append(String.format(
                Locale.ROOT,
                "| trials completed (reached the last epoch) | %d | %d | |%n"
                        + "| best test top-1 | %.4f (%s) | %.4f (%s) | |%n",
                halving.completed().size(),
                grid.completed().size(),
                halving.best().top1(),
                halving.best().label(),
                grid.best().top1(),
                grid.best().label()));
        md.append("\nThe grid's best test top-1 is ")
                .append(String.format(Locale.ROOT, "%.4f", best))
                .append("; \"within 0.5 points\" means a completed trial with test top-1 ≥ ")
                .append(String.format(Locale.ROOT, "%.4f", best - WITHIN))
                .append(" (successive halving: ")
                .append(halvingFound.label())
                .append("; grid: ")
                .append(gridFound.label())
                .append("). Rung decisions use held-out top-1 only; test top-1 is read here, after the fact.\n");
        LocalRuns.append(root, "asha.md", md);
    }

    /**
     * Successive halving alone ({@code -} as the grid spec): its epochs, wall time and every completed trial's test
     * top-1, to set beside an earlier grid run's trials (uninterrupted training does not depend on this run).
     */
    private static void halvingOnly(Path root, Path spec, Run halving, String loadBefore) throws Exception {
        StringBuilder md = LocalRuns.section("Successive halving alone, run of ", loadBefore);
        md.append("\n- spec: `")
                .append(root.relativize(spec))
                .append(String.format(
                        Locale.ROOT,
                        "`%n- fine-tuning epochs trained, whole sweep: %d%n- wall time, whole sweep: %d s%n"
                                + "- trials completed (reached the last epoch): %d%n%n| completed trial | test top-1 |%n"
                                + "|---|---|%n",
                        halving.epochs(),
                        halving.wall().toSeconds(),
                        halving.completed().size()));
        halving.completed().stream()
                .sorted((a, b) -> Double.compare(b.top1(), a.top1()))
                .forEach(
                        trial -> md.append(String.format(Locale.ROOT, "| %s | %.4f |%n", trial.label(), trial.top1())));
        LocalRuns.append(root, "asha.md", md);
    }

    private static void row(StringBuilder md, String name, long halving, long grid) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %d | %d | %s |%n",
                name,
                halving,
                grid,
                grid <= 0 || halving < 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) halving / grid)));
    }

    /** One completed trial: label, test top-1, when it ended. */
    record Completed(String label, double top1, Instant endedAt) {}

    /** When a run found a good enough trial: the trial, seconds since the sweep started, epochs trained by then. */
    record Found(String label, long seconds, long epochs) {}

    /** What one run stored. */
    record Run(DatabaseConfig database, Instant started, Duration wall, long epochs, List<Completed> completed) {

        Completed best() {
            return completed.stream()
                    .max((a, b) -> Double.compare(a.top1(), b.top1()))
                    .orElseThrow();
        }

        /** The first completed trial at or above {@code threshold}; -1 figures when none is. */
        Found found(double threshold) throws SQLException {
            Completed first = completed.stream()
                    .filter(trial -> trial.top1() >= threshold)
                    .min((a, b) -> a.endedAt().compareTo(b.endedAt()))
                    .orElse(null);
            if (first == null) {
                return new Found("none", -1, -1);
            }
            try (Connection connection = LocalRuns.connect(database);
                    PreparedStatement query = connection.prepareStatement(EPOCHS + " AND recorded_at <= ?")) {
                query.setTimestamp(1, Timestamp.from(first.endedAt()));
                return new Found(
                        first.label(),
                        Duration.between(started, first.endedAt()).toSeconds(),
                        LocalRuns.single(query));
            }
        }
    }

    private static final String EPOCHS = LocalRuns.EPOCHS;

    private static Run run(String name, Path spec, Path work) throws SQLException {
        DatabaseConfig database = LocalRuns.run("asha", name, spec, work);
        try (Connection connection = LocalRuns.connect(database)) {
            Instant started;
            Instant ended;
            try (PreparedStatement query = connection.prepareStatement("SELECT started_at, ended_at FROM sweeps");
                    ResultSet rows = query.executeQuery()) {
                rows.next();
                started = rows.getTimestamp(1).toInstant();
                ended = rows.getTimestamp(2).toInstant();
            }
            long epochs;
            try (PreparedStatement query = connection.prepareStatement(EPOCHS)) {
                epochs = LocalRuns.single(query);
            }
            List<Completed> completed = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                            "SELECT t.label || ' b=' || coalesce(t.config_json ->> 'budget', '-'), r.top1, t.ended_at"
                                    + " FROM trials t JOIN results r USING (trial_id) WHERE t.state = 'COMPLETED'");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    completed.add(new Completed(
                            rows.getString(1),
                            rows.getDouble(2),
                            rows.getTimestamp(3).toInstant()));
                }
            }
            return new Run(database, started, Duration.between(started, ended), epochs, completed);
        }
    }
}
