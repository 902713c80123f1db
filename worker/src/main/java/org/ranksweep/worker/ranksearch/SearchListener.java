package org.ranksweep.worker.ranksearch;

import org.ranksweep.core.trial.TrialMetric;

/** Receives a rank search's metrics and progress on the search's thread; implementations must be quick. */
public interface SearchListener {

    void onMetric(TrialMetric metric);

    /** {@code batch} of {@code batches} done in search epoch {@code epoch} of {@code epochs}. */
    void onBatch(int epoch, int epochs, int batch, int batches);

    /** A listener that ignores everything. */
    static SearchListener none() {
        return new SearchListener() {
            @Override
            public void onMetric(TrialMetric metric) {}

            @Override
            public void onBatch(int epoch, int epochs, int batch, int batches) {}
        };
    }
}
