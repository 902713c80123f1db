package org.ranksweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.MethodSpec;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.orchestrator.report.CustomizationView;
import org.ranksweep.orchestrator.report.SweepView;
import org.ranksweep.orchestrator.report.TrialView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ranksweep report (--sweep ID | --table NAME) --format md|csv|latex}: a sweep's trials next to the
 * published rows of the same model, with Δ columns and a status per row. {@code --table NAME} reports the newest
 * sweep named NAME, or, when none ran yet, the spec {@code <experiments>/NAME.yaml} with every row "not run yet".
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print a sweep's results next to published rows (md, csv or latex).",
            "Published rows (experiments/baselines) of the sweep's model are paired with one completed trial",
            "of the same method (dense; comcat for comcat and comcat-auto): 'reproduced' when top-1 is within",
            "--tolerance percentage points (widened by the 95% interval when the point ran with several seeds;",
            "our top-1 is then the mean over seeds), else 'not reproduced'; 'not run yet' without a completed trial;",
            "'published only' for methods RankSweep does not run. Reads the API (--server) or PostgreSQL directly",
            "(--db-url, or --embedded-db; then the --baselines files are loaded first, as 'local' does)."
        })
final class ReportCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--sweep", description = "sweep id")
        Long sweep;

        @Option(names = "--table", description = "table name: a sweep name, else experiments/<NAME>.yaml")
        String table;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--format", defaultValue = "md", description = "md, csv or latex (default: ${DEFAULT-VALUE})")
    String format;

    @Option(
            names = "--tolerance",
            defaultValue = "0.5",
            description =
                    "top-1 difference in percentage points that still counts as reproduced (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(
            names = "--experiments",
            defaultValue = "experiments",
            description =
                    "where --table looks for NAME.yaml when no sweep of that name ran (default: ${DEFAULT-VALUE})")
    Path experiments;

    @Mixin
    SourceOptions source;

    @Mixin
    DatabaseOptions database;

    @Mixin
    HomeOption home;

    @Mixin
    BaselineOption baselines;

    @Override
    public Integer call() {
        TableFormat tableFormat = TableFormat.parse(format);
        if (!(tolerance >= 0)) {
            throw ValidationException.of("--tolerance", "must be at least 0, was " + tolerance);
        }
        try (ResultSource results = source.open(database, home.home, baselines)) {
            SweepView sweep = target.sweep != null
                    ? results.sweep(target.sweep)
                    : results.latestSweepNamed(target.table).orElse(null);
            List<String> notes = new ArrayList<>();
            List<TableRow> rows;
            String title;
            if (sweep != null) {
                if (sweep.customization()) {
                    printCustomization(sweep, results.customization(sweep.id().value()), tableFormat);
                    return ExitCodes.OK;
                }
                List<TrialView> trials = results.trials(sweep.id().value());
                TrialConfig config = trials.isEmpty()
                        ? null
                        : results.trial(trials.get(0).id().value()).config();
                String model = config == null ? null : config.model().arch();
                title = "Sweep " + sweep.id() + " '" + sweep.name() + "' (" + sweep.state() + ")";
                notes.add("ours: "
                        + (config == null
                                ? "no trials"
                                : model + " on " + config.dataset().name() + describePath(config.dataset())));
                rows = PaperTable.rows(trials, List.of(), baselines(results, model, notes), tolerance);
            } else {
                SweepSpec spec = plannedSpec(target.table);
                title = "Table '" + target.table + "' (not run yet)";
                notes.add("ours: " + spec.model().arch() + " on "
                        + spec.dataset().name() + ", no sweep named '" + target.table + "' has run");
                List<PaperTable.Planned> planned = spec.methods().stream()
                        .map(m -> new PaperTable.Planned(m.name(), label(m)))
                        .toList();
                rows = PaperTable.rows(
                        List.of(), planned, baselines(results, spec.model().arch(), notes), tolerance);
            }
            notes.add(String.format(
                    Locale.ROOT,
                    "reproduced = |our top-1 − published top-1| ≤ %.2f pp, widened by"
                            + " the 95 %% interval over seeds where a point ran with several (our top-1 is then their mean);"
                            + " Δ = ours − published",
                    tolerance));
            notes.add("our MACs are multiply-accumulates per image; compare with each row's FLOP convention");
            tableFormat.print(title, notes, rows, System.out);
            return ExitCodes.OK;
        }
    }

    /** A customization sweep's table: per method and rank, over its concepts and seeds (Markdown or CSV). */
    private static void printCustomization(SweepView sweep, CustomizationView view, TableFormat format) {
        String title = "Customization sweep " + sweep.id() + " '" + sweep.name() + "' (" + sweep.state() + ")";
        switch (format) {
            case MD -> CustomizationTable.markdown(title, List.of(), view, System.out);
            case CSV -> CustomizationTable.csv(view, System.out);
            default ->
                throw ValidationException.of(
                        "--format",
                        "a customization sweep's table is printed as md or csv, not "
                                + format.name().toLowerCase(Locale.ROOT));
        }
    }

    private static List<Baseline> baselines(ResultSource results, String model, List<String> notes) {
        if (model == null) {
            return List.of();
        }
        List<Baseline> rows = results.baselines(model);
        notes.add("published: " + rows.size() + " rows for " + model
                + (rows.isEmpty() ? "" : " on " + rows.get(0).dataset()));
        return rows;
    }

    private static String describePath(DatasetSpec dataset) {
        return dataset.path() == null ? "" : " (" + dataset.path() + ")";
    }

    private SweepSpec plannedSpec(String table) {
        Path file = experiments.resolve(table + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("no sweep named '" + table + "' and no spec " + file);
        }
        SweepSpec spec = SpecFiles.read(file);
        if (spec.customizes()) {
            throw new NotFoundException("no sweep named '" + table + "' has run, and " + file + " is a customization"
                    + " sweep, which has no published rows to show before it runs: `ranksweep local " + file
                    + "` runs it");
        }
        return spec;
    }

    private static String label(MethodSpec method) {
        return method.label() == null ? method.name() : method.label();
    }
}
