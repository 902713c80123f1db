package org.ranksweep.core.asha;

/**
 * One entry of a scheduler's history: a trial's report or a decision. Replaying the history rebuilds the
 * scheduler's state exactly (see {@link AshaScheduler#replay}).
 */
public sealed interface AshaEvent permits AshaEvent.Reported, AshaEvent.Dropped, AshaDecision {

    /** A trial reported its metrics at a rung. */
    record Reported(RungResult result) implements AshaEvent {}

    /**
     * A running trial will never report: it failed for good or was cancelled. It leaves its bracket's running set
     * without a result, so the bracket can still end.
     */
    record Dropped(int trialId, String reason) implements AshaEvent {}
}
