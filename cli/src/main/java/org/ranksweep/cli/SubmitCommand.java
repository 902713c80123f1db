package org.ranksweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.json.Json;
import org.ranksweep.orchestrator.report.SweepView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ranksweep submit SPEC --server URL}: sends a sweep to a running orchestrator. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Submit a sweep spec to a running orchestrator and print the new sweep's id.")
final class SubmitCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC", description = "the sweep spec (YAML or JSON)")
    Path specFile;

    @Option(
            names = "--server",
            defaultValue = "http://127.0.0.1:8080",
            description = "orchestrator URL (default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--token", description = "bearer token for mutating requests (or RANKSWEEP_TOKEN)")
    String token;

    @Option(names = "--rerun", description = "run trials again even when an identical trial already completed")
    boolean rerun;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Files.readString(specFile);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("spec file " + specFile + " does not exist");
        }
        String contentType = specFile.toString().endsWith(".json") ? "application/json" : "application/yaml";
        SweepView sweep = Json.mapper()
                .convertValue(
                        new ApiClient(server, token)
                                .post("api/v1/sweeps" + (rerun ? "?rerun=true" : ""), contentType, text),
                        SweepView.class);
        System.out.printf(
                "submitted sweep %s '%s' with %d trials: %s/api/v1/sweeps/%s%n",
                sweep.id(), sweep.name(), sweep.trialCount(), server, sweep.id());
        return ExitCodes.OK;
    }
}
