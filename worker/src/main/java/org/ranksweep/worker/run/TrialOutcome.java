package org.ranksweep.worker.run;

import org.ranksweep.core.trial.TrialResult;

/**
 * How an attempt of a trial ended when it did not fail: with the trial's result, or at a rung of successive halving
 * below its last fine-tuning epoch, with no result and its checkpoint kept for a later attempt. Immutable.
 */
public sealed interface TrialOutcome {

    /** The trial ran to its end and measured its result. */
    record Completed(TrialResult result) implements TrialOutcome {}

    /**
     * The attempt stopped after fine-tuning epoch {@code epoch}, its rung, below the last one: its held-out metrics
     * went to {@link TrialListener#onRung}, nothing was evaluated on the test split and no artifact was written.
     */
    record StoppedAtRung(int epoch) implements TrialOutcome {}
}
