package org.ranksweep.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ranksweep.core.spec.SpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ranksweep local SPEC}: everything in one JVM on embedded defaults. The compute engine (the DJL trial
 * runner) has not landed yet, so the command validates the spec and says plainly that it ran nothing.
 */
@Command(name = "local", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a sweep on this machine (embedded PostgreSQL, one-member cluster, in-process workers).",
            "Data stays in <home>/postgres; prints the leaderboard, then serves the API on --port until Ctrl-C",
            "unless --no-serve.",
            "NOT BUILT YET: the trial runner has not landed; the spec is validated and nothing is run (exit 2)."})
final class LocalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC", description = "the sweep spec (YAML or JSON), e.g. experiments/quickstart.yaml")
    Path specFile;
    @Option(names = "--no-serve", description = "exit after the sweep instead of serving the API")
    boolean noServe;
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the API and dashboard (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--json", paramLabel = "FILE", description = "also write the final leaderboard as a JSON array")
    Path jsonFile;
    @Option(names = "--workers", defaultValue = "1", description = "in-process worker slots (default: ${DEFAULT-VALUE})")
    int workers;
    @Option(names = "--rerun", description = "run trials again even when an identical trial already completed")
    boolean rerun;
    @Mixin
    HomeOption home;
    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        new SpecParser().parse(specFile);
        return NotBuiltYet.say("local", "the trial runner (compute engine) has not landed; " + specFile
                + " is valid but no trial was run");
    }
}
