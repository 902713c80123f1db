package org.ranksweep.worker.run;

import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.ranksearch.SearchListener;

/** Forwards a rank search's metrics and batches to a {@link TrialListener} as phase {@code search}. */
final class SearchPhaseListener implements SearchListener {

    private final TrialListener listener;

    SearchPhaseListener(TrialListener listener) {
        this.listener = listener;
    }

    @Override
    public void onMetric(TrialMetric metric) {
        listener.onMetric(metric);
    }

    @Override
    public void onBatch(int epoch, int epochs, int batch, int batches) {
        listener.onProgress(new TrialProgress("search", epoch, epochs, batch, batches));
    }
}
