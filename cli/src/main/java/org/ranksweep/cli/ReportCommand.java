package org.ranksweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ranksweep report}: paper-table reports (not built yet). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print a sweep's results next to published rows (md, csv or latex).",
            "Not built yet: it exits 2 and does nothing."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--sweep", description = "sweep id") Long sweep;
    @Option(names = "--table", description = "paper table name") String table;
    @Option(names = "--format", defaultValue = "md", description = "md, csv or latex (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        return NotBuiltYet.say("report", "paper-table reports are planned");
    }
}
