package org.ranksweep.worker.train;

import org.ranksweep.core.error.RankSweepException;

/** Training stopped because its {@link CancellationFlag} was raised; not a failure of the trial's science. */
public class TrainingCancelledException extends RankSweepException {

    public TrainingCancelledException(String message) {
        super(message);
    }
}
