package org.ranksweep.orchestrator.fanout;

import org.ranksweep.core.json.Json;

/**
 * The JSON form of a {@link FanoutEvent}, as it travels on the event bus and as {@code GET /api/v1/events} sends it
 * to dashboards and CLIs; the event itself is typed, this is its wire format. Immutable.
 *
 * @param type    {@code SweepSubmitted}, {@code SweepStateChanged}, {@code TrialStateChanged},
 *                {@code TrialProgressed}, {@code MetricsRecorded}: the SSE event name
 * @param sweepId the sweep concerned
 * @param trialId the trial concerned, null for sweep-level events
 * @param attempt the attempt concerned, 0 when none
 * @param state   the new state for state changes, else null
 * @param data    the event's details (progress, metrics, result, reason) as JSON-ready values
 */
public record FanoutMessage(String type, long sweepId, Long trialId, int attempt, String state, Object data) {

    /** Reads a message from its JSON text. */
    public static FanoutMessage read(String json) {
        return Json.read(json, FanoutMessage.class);
    }

    /** The typed event; IllegalArgumentException for an unknown type. */
    public FanoutEvent event() {
        return FanoutEvents.fromMessage(this);
    }
}
