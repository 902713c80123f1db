package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.testing.DatabaseExtension;
import org.ranksweep.orchestrator.baseline.BaselineLoader;

/** {@code ranksweep report} reading PostgreSQL directly, in all three formats. */
class ReportCommandTest {

    @RegisterExtension
    static final DatabaseExtension DB = new DatabaseExtension();

    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
    private static long sweepId;

    @BeforeAll
    static void seed() {
        BaselineLoader.load(ReportFixture.BASELINES, new JdbcBaselineRepository(DB.database()));
        sweepId = ReportFixture.seed(DB.database(), "deit-small-report");
    }

    static String[] dbArgs(String... args) {
        return withDatabase(DB.config(), args);
    }

    /** {@code args} followed by the options that point a command at {@code config}'s database. */
    static String[] withDatabase(org.ranksweep.db.DatabaseConfig config, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--db-url", config.url(), "--db-user", config.user()));
        if (config.password() != null) {
            all.addAll(List.of("--db-password", config.password()));
        }
        return all.toArray(String[]::new);
    }

    /** Rows expected from the fixture: every published deit-small row, then the 3 trials no published row claims. */
    static long expectedRows() {
        return ReportFixture.publishedRows() + 3;
    }

    static String delta(double ours, double published) {
        return String.format(Locale.ROOT, "%+.2f", 100 * (ours - published));
    }

    @Test
    void markdownPairsPublishedRowsWithOurBestTrialsAndGivesEachAStatus() {
        ValidateCommandTest.Captured run =
                ValidateCommandTest.run(dbArgs("report", "--sweep", Long.toString(sweepId), "--format", "md"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertMarkdown(run.out());
    }

    static void assertMarkdown(String out) {
        List<List<String>> table = out.lines()
                .filter(line -> line.startsWith("| "))
                .map(line -> Arrays.stream(line.substring(2, line.length() - 2).split(" \\| ", -1))
                        .toList())
                .toList();
        assertThat(table).allSatisfy(cells -> assertThat(cells).hasSize(TableFormat.columnCount()));
        assertThat(table.get(0)).startsWith("method", "label");
        assertThat(table.get(1).get(0)).isEqualTo("---");
        List<List<String>> rows = table.subList(2, table.size());
        assertThat((long) rows.size()).isEqualTo(expectedRows());
        int status = table.get(0).indexOf("status");
        int deltaTop1 = table.get(0).indexOf("Δ top-1 (pp)");
        List<String> dense = row(rows, "dense", "dense-entry");
        assertThat(dense.get(status)).isEqualTo(PaperTable.REPRODUCED);
        assertThat(dense.get(deltaTop1)).isEqualTo(delta(ReportFixture.DENSE_TOP1, ReportFixture.published("dense")));
        List<String> comcat = rows.stream()
                .filter(r -> r.get(0).equals("comcat") && !r.get(status).equals(PaperTable.MEASURED))
                .findFirst()
                .orElseThrow();
        assertThat(comcat.get(status)).isEqualTo(PaperTable.NOT_REPRODUCED);
        assertThat(comcat.get(deltaTop1))
                .isEqualTo(delta(ReportFixture.COMCAT_TOP1, ReportFixture.published("comcat")));
        assertThat(rows.stream()
                        .filter(r -> r.get(status).equals(PaperTable.MEASURED))
                        .map(r -> r.get(0)))
                .containsExactlyInAnyOrder("comcat", "svd-matrix");
        assertThat(row(rows, "head-prune", "head-prune-entry").get(status)).isEqualTo(PaperTable.NOT_RUN_YET);
        assertThat(row(rows, "gohsp", "published").get(status)).isEqualTo(PaperTable.PUBLISHED_ONLY);
        assertThat(row(rows, "gohsp", "published").get(table.get(0).indexOf("citation")))
                .contains("GOHSP");
    }

    private static List<String> row(List<List<String>> rows, String method, String label) {
        return rows.stream()
                .filter(r -> r.get(0).equals(method) && r.get(1).equals(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + method + "/" + label + " in " + rows));
    }

    @Test
    void csvHasOneQuotedRecordPerRowWithRawNumbers() {
        ValidateCommandTest.Captured run =
                ValidateCommandTest.run(dbArgs("report", "--sweep", Long.toString(sweepId), "--format", "csv"));
        assertThat(run.exit()).as(run.err()).isZero();
        List<List<String>> records = csv(run.out());
        List<String> header = records.get(0);
        assertThat(header).hasSize(TableFormat.columnCount()).contains("delta_top1_pp", "flop_convention");
        assertThat((long) records.size() - 1).isEqualTo(expectedRows());
        assertThat(records).allSatisfy(r -> assertThat(r).hasSize(header.size()));
        List<String> dense = records.stream()
                .filter(r -> r.get(0).equals("dense"))
                .findFirst()
                .orElseThrow();
        assertThat(dense.get(header.indexOf("params"))).isEqualTo("22050664");
        assertThat(dense.get(header.indexOf("top1_percent")))
                .isEqualTo(String.format(Locale.ROOT, "%.2f", 100 * ReportFixture.DENSE_TOP1));
        assertThat(dense.get(header.indexOf("delta_top1_pp")))
                .isEqualTo(delta(ReportFixture.DENSE_TOP1, ReportFixture.published("dense")));
        // The dense citation holds a comma: it must survive as one quoted field.
        assertThat(dense.get(header.indexOf("citation"))).startsWith("Touvron et al., Training");
    }

    @Test
    void latexEscapesTextAndKeepsOneCellPerColumn() {
        ValidateCommandTest.Captured run =
                ValidateCommandTest.run(dbArgs("report", "--sweep", Long.toString(sweepId), "--format", "latex"));
        assertThat(run.exit()).as(run.err()).isZero();
        String out = run.out();
        assertThat(out).contains("\\begin{tabular}{", "\\toprule", "\\midrule", "\\bottomrule", "\\end{tabular}");
        List<String> lines = out.lines().filter(line -> line.endsWith("\\\\")).toList();
        assertThat((long) lines.size()).isEqualTo(expectedRows() + 1);
        Pattern separator = Pattern.compile("(?<!\\\\)&");
        for (String line : lines) {
            Matcher matcher = separator.matcher(line);
            int count = 0;
            while (matcher.find()) {
                count++;
            }
            assertThat(count).as(line).isEqualTo(TableFormat.columnCount() - 1);
        }
        // "transformers & distillation" in the dense citation is text, not a column break.
        assertThat(out).contains("transformers \\& distillation").contains("$\\Delta$ top-1");
    }

    @Test
    void tableNameWithoutASweepListsThePlannedSpecAsNotRunYet(@TempDir Path experiments) throws Exception {
        Files.writeString(experiments.resolve("deit-small-planned.yaml"), """
                name: deit-small-planned
                dataset: {name: synthetic}
                model: {arch: deit-small, base: {file: deit_small.safetensors}}
                methods:
                  - {name: dense}
                  - {name: comcat-auto, label: comcat-auto-attention, rho: [0.5]}
                  - {name: comcat-auto, rho: [0.5], searchMlp: true}
                  - {name: svd-matrix, budget: [0.5]}
                """);
        ValidateCommandTest.Captured run = ValidateCommandTest.run(dbArgs(
                "report", "--table", "deit-small-planned", "--experiments", experiments.toString(), "--format", "csv"));
        assertThat(run.exit()).as(run.err()).isZero();
        List<List<String>> records = csv(run.out());
        int status = records.get(0).indexOf("status");
        int citation = records.get(0).indexOf("citation");
        // The unlabelled comcat-auto entry is the one planned to reproduce the published COMCAT row.
        assertThat(records.subList(1, records.size()))
                .extracting(r -> r.get(0) + "/" + r.get(1) + ":" + r.get(status)
                        + (r.get(citation).isEmpty() ? "" : " (published)"))
                .contains(
                        "dense/dense:" + PaperTable.NOT_RUN_YET + " (published)",
                        "comcat-auto/comcat-auto:" + PaperTable.NOT_RUN_YET + " (published)",
                        "comcat-auto/comcat-auto-attention:" + PaperTable.NOT_RUN_YET,
                        "svd-matrix/svd-matrix:" + PaperTable.NOT_RUN_YET,
                        "gohsp/published:" + PaperTable.PUBLISHED_ONLY + " (published)");
        assertThat((long) records.size() - 1).isEqualTo(ReportFixture.publishedRows() + 2);
    }

    @Test
    void unknownTableAndFormatAreClearErrors() {
        ValidateCommandTest.Captured table = ValidateCommandTest.run(dbArgs("report", "--table", "no-such-table"));
        assertThat(table.exit()).isEqualTo(2);
        assertThat(table.err()).contains("no sweep named 'no-such-table'");
        ValidateCommandTest.Captured format =
                ValidateCommandTest.run(dbArgs("report", "--sweep", "1", "--format", "xlsx"));
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format").contains("xlsx");
    }

    /** The CSV records of a command's output, without the log lines test logging adds to standard output. */
    static List<List<String>> csv(String out) {
        return out.lines()
                .filter(line -> !LOG_LINE.matcher(line).lookingAt())
                .map(ReportCommandTest::csvRecord)
                .toList();
    }

    /** One RFC 4180 record (no embedded newlines in this data). */
    static List<String> csvRecord(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
