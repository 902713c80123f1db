package org.ranksweep.core.asha;

/**
 * One entry of a scheduler's history: a trial's report or a decision. Replaying the history rebuilds the
 * scheduler's state exactly (see {@link AshaScheduler#replay}).
 */
public sealed interface AshaEvent permits AshaEvent.Reported, AshaDecision {

    /** A trial reported its metrics at a rung. */
    record Reported(RungResult result) implements AshaEvent {}
}
