package org.ranksweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ranksweep status [SWEEP_ID] --server URL}: sweeps and their progress. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Without an id: the latest sweeps with their progress.",
            "With a sweep id: that sweep and each of its trials."})
final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP_ID", arity = "0..1", description = "a sweep id")
    Long sweepId;
    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080", description = "orchestrator URL (default: ${DEFAULT-VALUE})")
    String server;
    @Option(names = "--token", description = "bearer token (or RANKSWEEP_TOKEN)")
    String token;

    @Override
    public Integer call() {
        ApiClient client = new ApiClient(server, token);
        if (sweepId == null) {
            System.out.printf("%-6s %-24s %-10s %-12s %s%n", "ID", "NAME", "STATE", "DONE/TOTAL", "CREATED");
            for (JsonNode sweep : client.get("api/v1/sweeps")) {
                printSweepLine(sweep);
            }
            return ExitCodes.OK;
        }
        JsonNode sweep = client.get("api/v1/sweeps/" + sweepId);
        printSweepLine(sweep);
        System.out.printf("%n%-7s %-18s %-10s %-9s %-10s %s%n", "TRIAL", "LABEL", "BUDGET", "ATTEMPTS", "STATE", "TOP-1 / REASON");
        for (JsonNode trial : client.get("api/v1/sweeps/" + sweepId + "/trials")) {
            String outcome = trial.path("top1").isNumber() ? String.format("%.4f", trial.path("top1").asDouble())
                    : trial.path("reason").asText("");
            System.out.printf("%-7s %-18s %-10s %-9s %-10s %s%n", trial.path("id").asText(), trial.path("label").asText(),
                    trial.path("budget").isNumber() ? trial.path("budget").asText() : "-",
                    trial.path("attempts").asText(), trial.path("state").asText(), outcome);
        }
        return ExitCodes.OK;
    }

    private static void printSweepLine(JsonNode sweep) {
        System.out.printf("%-6s %-24s %-10s %-12s %s%n", sweep.path("id").asText(), sweep.path("name").asText(),
                sweep.path("state").asText(), sweep.path("done").asInt() + "/" + sweep.path("trialCount").asInt(),
                sweep.path("createdAt").asText());
    }
}
