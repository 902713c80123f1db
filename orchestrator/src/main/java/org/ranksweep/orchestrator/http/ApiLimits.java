package org.ranksweep.orchestrator.http;

import org.ranksweep.core.error.ValidationException;

/**
 * What the HTTP API allows one client: where submitted specs may name files, how many trials one sweep may
 * expand to, how many event streams one remote address may hold open and how many submitted sweeps may be
 * unfinished at once. Spec size, nesting, aliases, numbers and string lengths are the parser's rules and apply to
 * files too. Immutable.
 *
 * @param dataRoots                 directories a submitted spec may name files under
 * @param maxTrialsPerSweep         trials after grid and seed expansion
 * @param maxEventStreamsPerAddress open {@code GET /api/v1/events} connections per remote address
 * @param maxSweepsInFlight         unfinished sweeps in the database when another is submitted over the API
 */
public record ApiLimits(
        PathRoots dataRoots, int maxTrialsPerSweep, int maxEventStreamsPerAddress, int maxSweepsInFlight) {

    public static final int MAX_TRIALS_PER_SWEEP = 10_000;
    public static final int MAX_EVENT_STREAMS_PER_ADDRESS = 8;
    public static final int MAX_SWEEPS_IN_FLIGHT = 20;

    public ApiLimits {
        positive("--max-trials-per-sweep", maxTrialsPerSweep);
        positive("--max-event-streams", maxEventStreamsPerAddress);
        positive("--max-sweeps-in-flight", maxSweepsInFlight);
    }

    /** The default limits with the given data roots. */
    public static ApiLimits defaults(PathRoots dataRoots) {
        return new ApiLimits(dataRoots, MAX_TRIALS_PER_SWEEP, MAX_EVENT_STREAMS_PER_ADDRESS, MAX_SWEEPS_IN_FLIGHT);
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw ValidationException.of(option, "must be >= 1, was " + value);
        }
    }
}
