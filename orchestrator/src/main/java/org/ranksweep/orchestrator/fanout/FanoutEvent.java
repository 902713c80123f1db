package org.ranksweep.orchestrator.fanout;

/**
 * What the orchestrator tells dashboards and CLIs after it persisted a change. Immutable; published as JSON.
 *
 * @param type    {@code SweepSubmitted}, {@code SweepStateChanged}, {@code TrialStateChanged},
 *                {@code TrialProgressed}, {@code MetricsRecorded}
 * @param sweepId the sweep concerned
 * @param trialId the trial concerned, null for sweep-level events
 * @param attempt the attempt concerned, 0 when none
 * @param state   the new state for state changes, else null
 * @param data    type-specific details (progress, metrics, result, reason)
 */
public record FanoutEvent(String type, long sweepId, Long trialId, int attempt, String state, Object data) {
}
