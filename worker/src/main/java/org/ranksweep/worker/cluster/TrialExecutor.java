package org.ranksweep.worker.cluster;

import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.run.TrialOutcome;
import org.ranksweep.worker.train.CancellationFlag;

/**
 * Runs one attempt of a trial; {@link org.ranksweep.worker.run.TrialRunner#runAttempt} is the real one.
 * Implementations are called on one worker slot's thread at a time.
 */
@FunctionalInterface
public interface TrialExecutor {

    /**
     * Runs the attempt {@code assignment} asks for: to the trial's result, or, when it has a
     * {@link AssignTrial#rungEpoch() rung epoch}, up to that fine-tuning epoch, where it reports the rung to
     * {@link TrialListener#onRung} once and, below the last epoch, ends {@link TrialOutcome.StoppedAtRung} without a
     * result. A trial that cannot produce a result throws {@link org.ranksweep.worker.run.TrialFailedException}; a
     * raised {@code cancel} ends it with {@link org.ranksweep.worker.train.TrainingCancelledException}.
     */
    TrialOutcome execute(AssignTrial assignment, TrialListener listener, CancellationFlag cancel);
}
