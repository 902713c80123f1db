package org.ranksweep.worker.run;

import org.ranksweep.core.trial.TrialMetric;

/** Receives a trial's metrics and progress on the trial's thread; implementations must be quick and not throw. */
public interface TrialListener {

    void onMetric(TrialMetric metric);

    void onProgress(TrialProgress progress);

    /**
     * The attempt reached its rung of successive halving; called once, after the rung's epoch and before the
     * attempt stops there or goes on to the test evaluation. Ignored unless overridden.
     */
    default void onRung(RungMetrics rung) {}

    /** A listener that ignores everything. */
    static TrialListener none() {
        return new TrialListener() {
            @Override
            public void onMetric(TrialMetric metric) {}

            @Override
            public void onProgress(TrialProgress progress) {}
        };
    }
}
