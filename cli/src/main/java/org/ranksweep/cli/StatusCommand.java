package org.ranksweep.cli;

import java.util.concurrent.Callable;
import org.ranksweep.orchestrator.report.SweepView;
import org.ranksweep.orchestrator.report.TrialView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ranksweep status [SWEEP_ID] --server URL}: sweeps and their progress. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Without an id: the latest sweeps with their progress.",
            "With a sweep id: that sweep and each of its trials."
        })
final class StatusCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SWEEP_ID", arity = "0..1", description = "a sweep id")
    Long sweepId;

    @Option(
            names = "--server",
            defaultValue = "http://127.0.0.1:8080",
            description = "orchestrator URL (default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--token", description = "bearer token (or RANKSWEEP_TOKEN)")
    String token;

    @Override
    public Integer call() {
        ApiClient client = new ApiClient(server, token);
        if (sweepId == null) {
            System.out.printf("%-6s %-24s %-10s %-12s %s%n", "ID", "NAME", "STATE", "DONE/TOTAL", "CREATED");
            for (SweepView sweep : client.getList("api/v1/sweeps", SweepView.class)) {
                printSweepLine(sweep);
            }
            return ExitCodes.OK;
        }
        printSweepLine(client.get("api/v1/sweeps/" + sweepId, SweepView.class));
        System.out.printf(
                "%n%-7s %-18s %-10s %-9s %-10s %s%n",
                "TRIAL", "LABEL", "BUDGET", "ATTEMPTS", "STATE", "TOP-1 / REASON");
        for (TrialView trial : client.getList("api/v1/sweeps/" + sweepId + "/trials", TrialView.class)) {
            String outcome = trial.hasResult()
                    ? String.format("%.4f", trial.top1())
                    : trial.reason() == null ? "" : trial.reason();
            System.out.printf(
                    "%-7s %-18s %-10s %-9s %-10s %s%n",
                    trial.id(),
                    trial.label(),
                    trial.budget() == null ? "-" : trial.budget(),
                    trial.attempts(),
                    trial.state(),
                    outcome);
        }
        return ExitCodes.OK;
    }

    private static void printSweepLine(SweepView sweep) {
        System.out.printf(
                "%-6s %-24s %-10s %-12s %s%n",
                sweep.id(), sweep.name(), sweep.state(), sweep.done() + "/" + sweep.trialCount(), sweep.createdAt());
    }
}
