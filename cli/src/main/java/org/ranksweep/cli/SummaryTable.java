package org.ranksweep.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import org.ranksweep.orchestrator.report.Interval;
import org.ranksweep.orchestrator.report.SeedSummaries;
import org.ranksweep.orchestrator.report.SeedSummary;

/**
 * Prints a sweep's points summarised over seeds, best mean top-1 first: mean ± 95 % interval of top-1 and of its
 * paired differences to dense-ft and dense, and whether each row is separated from the next one down or within
 * noise of it, by the interval of their per-seed differences.
 */
final class SummaryTable {

    private static final String FORMAT = "%%-%ds %%-7s %%-22s %%5s %%10s %%16s %%16s %%16s  %%s%%n";
    private static final int MIN_LABEL_WIDTH = 14;

    private SummaryTable() {}

    /** Prints the table when some point has more than one seed; returns whether it printed. */
    static boolean printIfSeeded(List<SeedSummary> summaries, PrintStream out) {
        if (summaries.stream().noneMatch(summary -> summary.trials() > 1)) {
            return false;
        }
        int labelWidth = summaries.stream().mapToInt(s -> s.label().length()).reduce(MIN_LABEL_WIDTH, Math::max);
        String format = String.format(FORMAT, labelWidth);
        out.printf(
                format,
                "METHOD",
                "BUDGET",
                "RANKS",
                "SEEDS",
                "PARAMS",
                "TOP-1 (%)",
                "ΔFT (pp)",
                "ΔDENSE (pp)",
                "VS NEXT ROW");
        List<SeedSummary> sorted = summaries.stream()
                .sorted(Comparator.comparing((SeedSummary s) -> s.top1() == null)
                        .thenComparing(s -> s.top1() == null ? 0 : -s.top1().mean()))
                .toList();
        for (int index = 0; index < sorted.size(); index++) {
            SeedSummary row = sorted.get(index);
            SeedSummary next = index + 1 < sorted.size() ? sorted.get(index + 1) : null;
            out.printf(
                    format,
                    row.label(),
                    row.budget() == null ? "-" : String.format("%.3f", row.budget()),
                    LeaderboardTable.ranks(row.ranks()),
                    row.completed() + "/" + row.trials(),
                    LeaderboardTable.count(row.params() == null ? null : Math.round(row.params())),
                    interval(row.top1(), "%.2f"),
                    interval(row.deltaVsDenseFt(), "%+.2f"),
                    interval(row.deltaVsDense(), "%+.2f"),
                    versus(row, next));
        }
        out.println("Mean ± 95 % confidence interval over seeds (Student's t); Δ paired per seed. VS NEXT ROW: the"
                + " interval of the per-seed top-1 difference to the next row; \"within noise\" when it contains 0"
                + " (no ordering is claimed), \"separated\" when it does not.");
        return true;
    }

    /** A fraction's interval in percent, e.g. {@code 81.20 ± 0.35}; the mean alone when there is one seed. */
    static String interval(Interval interval, String meanFormat) {
        if (interval == null) {
            return "-";
        }
        String mean = String.format(meanFormat, 100 * interval.mean());
        return interval.halfWidth() == null ? mean : mean + String.format(" ± %.2f", 100 * interval.halfWidth());
    }

    /** E.g. {@code separated from svd-matrix@0.125 (+0.33 ± 0.21 pp, paired)}. */
    private static String versus(SeedSummary row, SeedSummary next) {
        if (next == null || row.top1() == null || next.top1() == null) {
            return "";
        }
        String verdict = (SeedSummaries.withinNoise(row, next) ? "within noise of " : "separated from ") + next.point();
        Interval paired = SeedSummaries.pairedDifference(row, next);
        return paired == null ? verdict : verdict + " (" + interval(paired, "%+.2f") + " pp, paired)";
    }
}
