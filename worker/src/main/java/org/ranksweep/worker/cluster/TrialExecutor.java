package org.ranksweep.worker.cluster;

import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.train.CancellationFlag;

/** Runs one trial to its result; {@link org.ranksweep.worker.run.TrialRunner} is the real one. */
@FunctionalInterface
public interface TrialExecutor {

    TrialResult execute(TrialConfig config, TrialListener listener, CancellationFlag cancel);
}
