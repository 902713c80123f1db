package org.ranksweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ranksweep export}: model export (not built yet). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a trial's compressed model (safetensors with ranks in the metadata).",
            "Not built yet: it exits 2 and does nothing."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--trial", description = "trial id") Long trial;
    @Option(names = "--format", defaultValue = "safetensors", description = "export format (default: ${DEFAULT-VALUE})")
    String format;
    @Option(names = "--out", description = "output file") Path out;

    @Override
    public Integer call() {
        return NotBuiltYet.say("export", "safetensors export is planned");
    }
}
