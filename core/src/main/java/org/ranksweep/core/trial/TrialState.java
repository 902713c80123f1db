package org.ranksweep.core.trial;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a trial: PENDING → QUEUED → RUNNING → COMPLETED | FAILED | PRUNED | CANCELLED, with RUNNING →
 * PAUSED → QUEUED for a trial that waits at a rung of successive halving. The transitions are decided by
 * {@code core.lifecycle.TrialLifecycle}.
 */
public enum TrialState {
    PENDING,
    QUEUED,
    RUNNING,
    PAUSED,
    COMPLETED,
    FAILED,
    PRUNED,
    CANCELLED;

    private static final Set<TrialState> TERMINAL = EnumSet.of(COMPLETED, FAILED, PRUNED, CANCELLED);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }
}
