package org.ranksweep.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ranksweep.orchestrator.report.CustomizationView;
import org.ranksweep.orchestrator.report.Interval;

/**
 * Prints a customization sweep per method and rank (what a concept costs and gives over its concepts and seeds, and
 * the ratios against Custom Diffusion and full fine-tuning) as an aligned text table, Markdown or CSV, and its
 * trials one per line.
 */
final class CustomizationTable {

    static final List<String> HEADERS = List.of(
            "method",
            "rank",
            "trials",
            "ms/step",
            "bytes/concept",
            "speed-up vs cd",
            "speed-up vs full",
            "storage vs cd",
            "storage vs full",
            "fidelity",
            "retention",
            "Fréchet");

    private static final String NOTE = "Over every concept and seed of a method: mean ± half-width of the 95 % t"
            + " interval. speed-up = the reference's mean seconds per training step over this method's; storage = the"
            + " reference's bytes per concept over this method's (cd = custom-diffusion). fidelity = the judge's share"
            + " of concept samples in the concept's class; retention = the mean share of seen-class samples still in"
            + " their class.";

    private CustomizationTable() {}

    /** The aligned text table, then the trials, then the note. */
    static void print(CustomizationView view, PrintStream out) {
        List<List<String>> rows = rows(view);
        int[] widths = new int[HEADERS.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = HEADERS.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        out.println(aligned(HEADERS, widths));
        rows.forEach(row -> out.println(aligned(row, widths)));
        out.println();
        for (CustomizationView.Trial trial : view.trials()) {
            out.println(
                    trial.result() == null
                            ? String.format(
                                    Locale.ROOT,
                                    "trial %d %s seed %d: %s",
                                    trial.trialId(),
                                    trial.label(),
                                    trial.seed(),
                                    trial.state())
                            : String.format(
                                    Locale.ROOT,
                                    "trial %d %s seed %d: fidelity %.3f, retention %.3f, %d bytes, %.1f ms/step, samples %s",
                                    trial.trialId(),
                                    trial.label(),
                                    trial.seed(),
                                    trial.result().fidelity(),
                                    trial.result().retention(),
                                    trial.result().deltaBytes(),
                                    1000 * trial.result().secondsPerStep(),
                                    trial.samplesUrl()));
        }
        judge(view).ifPresent(out::println);
        out.println(NOTE);
    }

    /** What fidelity and retention rest on: the judge's test top-1, once a trial has recorded it. */
    static Optional<String> judge(CustomizationView view) {
        return Optional.ofNullable(view.judgeTop1())
                .map(top1 -> String.format(
                        Locale.ROOT,
                        "Judge: the sweep's classifier, %.2f %% top-1 on the test split; fidelity and retention are"
                                + " its verdicts on generated samples.",
                        100 * top1));
    }

    /** Markdown: a title, notes as a list, the table. */
    static void markdown(String title, List<String> notes, CustomizationView view, PrintStream out) {
        out.println("## " + title);
        out.println();
        notes.forEach(note -> out.println("- " + note));
        judge(view).ifPresent(judge -> out.println("- " + judge));
        out.println("- " + NOTE);
        out.println();
        out.println("| " + String.join(" | ", HEADERS) + " |");
        out.println("|" + HEADERS.stream().map(header -> "---").collect(Collectors.joining("|")) + "|");
        rows(view).forEach(row -> out.println("| " + String.join(" | ", row) + " |"));
    }

    /** CSV with raw numbers (fractions, seconds, bytes), one row per method and rank. */
    static void csv(CustomizationView view, PrintStream out) {
        out.println("method,rank,trials,seconds_per_step,bytes_per_concept,speedup_vs_custom_diffusion,"
                + "speedup_vs_full,storage_vs_custom_diffusion,storage_vs_full,fidelity,fidelity_half_width,"
                + "retention,retention_half_width,frechet,frechet_half_width,judge_top1");
        for (CustomizationView.MethodSummary method : view.methods()) {
            out.println(String.join(
                    ",",
                    method.method(),
                    Integer.toString(method.rank()),
                    Integer.toString(method.completed()),
                    raw(method.secondsPerStep().mean()),
                    raw(method.deltaBytes()),
                    raw(method.speedupVsCustomDiffusion()),
                    raw(method.speedupVsFull()),
                    raw(method.storageVsCustomDiffusion()),
                    raw(method.storageVsFull()),
                    raw(method.fidelity().mean()),
                    raw(method.fidelity().halfWidth()),
                    raw(method.retention().mean()),
                    raw(method.retention().halfWidth()),
                    raw(method.frechetDistance().mean()),
                    raw(method.frechetDistance().halfWidth()),
                    raw(view.judgeTop1())));
        }
    }

    static List<List<String>> rows(CustomizationView view) {
        List<List<String>> rows = new ArrayList<>();
        for (CustomizationView.MethodSummary method : view.methods()) {
            rows.add(List.of(
                    method.method(),
                    method.rank() == 0 ? "-" : Integer.toString(method.rank()),
                    Integer.toString(method.completed()),
                    interval(method.secondsPerStep(), 1000, "%.1f"),
                    String.format(Locale.ROOT, "%,.0f", method.deltaBytes()),
                    ratio(method.speedupVsCustomDiffusion()),
                    ratio(method.speedupVsFull()),
                    ratio(method.storageVsCustomDiffusion()),
                    ratio(method.storageVsFull()),
                    interval(method.fidelity(), 1, "%.2f"),
                    interval(method.retention(), 1, "%.2f"),
                    interval(method.frechetDistance(), 1, "%.1f")));
        }
        return rows;
    }

    /** E.g. {@code 0.79 ± 0.16}; {@code 0.79} with one value (no interval). */
    static String interval(Interval interval, double scale, String format) {
        String mean = String.format(Locale.ROOT, format, scale * interval.mean());
        return interval.halfWidth() == null
                ? mean
                : mean + " ± " + String.format(Locale.ROOT, format, scale * interval.halfWidth());
    }

    private static String ratio(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    private static String raw(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.6g", value);
    }

    private static String aligned(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            line.append(
                    column == 0
                            ? String.format("%-" + widths[column] + "s", cell)
                            : "  " + String.format("%" + widths[column] + "s", cell));
        }
        return line.toString().stripTrailing();
    }
}
