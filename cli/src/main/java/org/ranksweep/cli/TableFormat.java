package org.ranksweep.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ranksweep.core.error.ValidationException;

/**
 * Renders a paper-table report as Markdown, CSV (RFC 4180, raw numbers: top-1 in percent, parameters and MACs as
 * counts) or a LaTeX tabular (booktabs rules, text escaped). Every format has the same columns in the same order.
 * Stateless.
 */
enum TableFormat {
    MD,
    CSV,
    LATEX;

    /** One column: its human header, its CSV header, its display value and its raw CSV value. */
    private record Column(
            String header,
            String csvHeader,
            boolean numeric,
            Function<TableRow, String> display,
            Function<TableRow, String> raw) {}

    private static final List<Column> COLUMNS = List.of(
            text("method", "method", TableRow::method),
            text("label", "label", TableRow::label),
            new Column("budget", "budget", true, r -> fixed(r.budget(), 3), r -> plain(r.budget())),
            new Column(
                    "published top-1 (%)",
                    "published_top1_percent", true, r -> percent(r.publishedTop1()), r -> percent(r.publishedTop1())),
            new Column(
                    "published params (M)",
                    "published_params",
                    true,
                    r -> millions(r.publishedParams()),
                    r -> plain(r.publishedParams())),
            new Column(
                    "published MACs (G)",
                    "published_macs",
                    true,
                    r -> giga(r.publishedMacs()),
                    r -> plain(r.publishedMacs())),
            new Column("our top-1 (%)", "top1_percent", true, r -> percent(r.top1()), r -> percent(r.top1())),
            new Column(
                    "± 95 % (pp)",
                    "top1_ci95_pp",
                    true,
                    r -> fixed(scaled(r.top1HalfWidth(), 100), 2),
                    r -> fixed(scaled(r.top1HalfWidth(), 100), 2)),
            new Column(
                    "seeds",
                    "seeds",
                    true,
                    r -> r.seeds() == 0 ? "" : Integer.toString(r.seeds()),
                    r -> r.seeds() == 0 ? "" : Integer.toString(r.seeds())),
            new Column("our params (M)", "params", true, r -> millions(r.params()), r -> plain(r.params())),
            new Column("our MACs (G)", "macs", true, r -> giga(r.macs()), r -> plain(r.macs())),
            new Column(
                    "Δ top-1 (pp)",
                    "delta_top1_pp",
                    true,
                    r -> signed(scaled(r.deltaTop1(), 100), 2),
                    r -> signed(scaled(r.deltaTop1(), 100), 2)),
            new Column(
                    "Δ params (M)",
                    "delta_params",
                    true,
                    r -> signed(scaled(r.deltaParams(), 1e-6), 2),
                    r -> plain(r.deltaParams())),
            new Column(
                    "Δ MACs (G)",
                    "delta_macs",
                    true,
                    r -> signed(scaled(r.deltaMacs(), 1e-9), 2),
                    r -> plain(r.deltaMacs())),
            text("status", "status", TableRow::status),
            new Column("trial", "trial_id", true, r -> plain(r.trialId()), r -> plain(r.trialId())),
            text("source checkpoint", "source_checkpoint", TableRow::sourceCheckpoint),
            text("teacher", "teacher", TableRow::teacher),
            new Column("epochs", "epochs", true, r -> plain(r.epochs()), r -> plain(r.epochs())),
            text("FLOP convention", "flop_convention", TableRow::flopConvention),
            text("citation", "citation", TableRow::citation));

    /** The number of columns every format prints. */
    static int columnCount() {
        return COLUMNS.size();
    }

    /** The format named on the command line ({@code md}, {@code csv}, {@code latex}). */
    static TableFormat parse(String name) {
        for (TableFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw ValidationException.of("--format", "unknown format '" + name + "' (known: md, csv, latex)");
    }

    /** Prints the table; {@code notes} are printed around it where the format allows comments. */
    void print(String title, List<String> notes, List<TableRow> rows, PrintStream out) {
        switch (this) {
            case MD -> {
                out.println("## " + title);
                out.println();
                notes.forEach(note -> out.println("- " + note));
                out.println();
                out.println(mdLine(COLUMNS.stream().map(Column::header).toList()));
                out.println(mdLine(
                        COLUMNS.stream().map(c -> c.numeric() ? "---:" : "---").toList()));
                rows.forEach(row -> out.println(mdLine(COLUMNS.stream()
                        .map(c -> c.display().apply(row).replace("|", "\\|"))
                        .toList())));
            }
            case CSV -> {
                out.println(COLUMNS.stream().map(Column::csvHeader).collect(Collectors.joining(",")));
                rows.forEach(row -> out.println(
                        COLUMNS.stream().map(c -> csv(c.raw().apply(row))).collect(Collectors.joining(","))));
            }
            case LATEX -> {
                out.println("% " + latex(title));
                notes.forEach(note -> out.println("% " + note));
                out.println("\\begin{tabular}{"
                        + COLUMNS.stream().map(c -> c.numeric() ? "r" : "l").collect(Collectors.joining()) + "}");
                out.println("\\toprule");
                out.println(latexLine(COLUMNS.stream().map(Column::header).toList()));
                out.println("\\midrule");
                rows.forEach(row -> out.println(latexLine(
                        COLUMNS.stream().map(c -> c.display().apply(row)).toList())));
                out.println("\\bottomrule");
                out.println("\\end{tabular}");
            }
            default -> throw new IllegalStateException(name());
        }
    }

    private static Column text(String header, String csvHeader, Function<TableRow, String> value) {
        Function<TableRow, String> safe = row -> value.apply(row) == null ? "" : value.apply(row);
        return new Column(header, csvHeader, false, safe, safe);
    }

    private static String mdLine(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String latexLine(List<String> cells) {
        return cells.stream().map(TableFormat::latex).collect(Collectors.joining(" & ")) + " \\\\";
    }

    static String latex(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> escaped.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> escaped.append('\\').append(c);
                case '~' -> escaped.append("\\textasciitilde{}");
                case '^' -> escaped.append("\\textasciicircum{}");
                case 'Δ' -> escaped.append("$\\Delta$");
                case 'ρ' -> escaped.append("$\\rho$");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static String plain(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String fixed(Double value, int decimals) {
        return value == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String percent(Double fraction) {
        return fixed(scaled(fraction, 100), 2);
    }

    private static String millions(Long count) {
        return fixed(scaled(count, 1e-6), 2);
    }

    private static String giga(Long count) {
        return fixed(scaled(count, 1e-9), 2);
    }

    private static Double scaled(Number value, double factor) {
        return value == null ? null : value.doubleValue() * factor;
    }

    private static String signed(Double value, int decimals) {
        return value == null ? "" : String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }
}
