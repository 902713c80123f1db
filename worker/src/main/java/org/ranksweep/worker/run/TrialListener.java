package org.ranksweep.worker.run;

import org.ranksweep.core.trial.TrialMetric;

/** Receives a trial's metrics and progress on the trial's thread; implementations must be quick and not throw. */
public interface TrialListener {

    void onMetric(TrialMetric metric);

    void onProgress(TrialProgress progress);

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
