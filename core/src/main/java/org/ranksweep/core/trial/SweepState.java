package org.ranksweep.core.trial;

/** Lifecycle of a sweep: RUNNING until every trial is terminal, then COMPLETED (or CANCELLED / FAILED). */
public enum SweepState {
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
