package org.ranksweep.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.orchestrator.http.ApiLimits;
import org.ranksweep.orchestrator.http.PathRoots;
import picocli.CommandLine.Option;

/**
 * What the HTTP API allows a client: the directories submitted specs may name files under, and the limits per
 * sweep, per remote address and in flight. Specs run by {@code local} or checked by {@code validate} are not
 * submitted over HTTP and may name any path.
 */
final class ApiLimitOptions {

    @Option(
            names = "--data-root",
            paramLabel = "DIR",
            description = {
                "a directory specs submitted over HTTP may name files under (repeatable; default:",
                "<home>/data, <home>/datasets, <home>/artifacts and /usr/share/datasets)"
            })
    List<Path> dataRoots = new ArrayList<>();

    @Option(
            names = "--max-trials-per-sweep",
            defaultValue = "" + ApiLimits.MAX_TRIALS_PER_SWEEP,
            description = "trials one submitted sweep may expand to (default: ${DEFAULT-VALUE})")
    int maxTrialsPerSweep;

    @Option(
            names = "--max-event-streams",
            defaultValue = "" + ApiLimits.MAX_EVENT_STREAMS_PER_ADDRESS,
            description = "open event streams per client address (default: ${DEFAULT-VALUE})")
    int maxEventStreams;

    @Option(
            names = "--max-sweeps-in-flight",
            defaultValue = "" + ApiLimits.MAX_SWEEPS_IN_FLIGHT,
            description = "unfinished sweeps beyond which API submissions wait (default: ${DEFAULT-VALUE})")
    int maxSweepsInFlight;

    /** The limits, with the default data roots under {@code home} when no --data-root is given. */
    ApiLimits limits(Path home) {
        List<Path> roots = dataRoots.isEmpty()
                ? PathRoots.defaults(home)
                : dataRoots.stream()
                        .map(root -> root.toAbsolutePath().normalize())
                        .toList();
        return new ApiLimits(PathRoots.of(roots), maxTrialsPerSweep, maxEventStreams, maxSweepsInFlight);
    }
}
