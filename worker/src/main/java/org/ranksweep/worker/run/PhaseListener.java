package org.ranksweep.worker.run;

import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.train.EpochSummary;
import org.ranksweep.worker.train.TrainingListener;

/** Forwards a training loop's epochs and batches to a {@link TrialListener} as one phase's metrics and progress. */
final class PhaseListener implements TrainingListener {

    private final String phase;
    private final TrialListener listener;

    PhaseListener(String phase, TrialListener listener) {
        this.phase = phase;
        this.listener = listener;
    }

    @Override
    public void onEpoch(EpochSummary summary) {
        int epoch = summary.epoch();
        listener.onMetric(new TrialMetric(phase, epoch, "train", "loss", summary.loss()));
        listener.onMetric(new TrialMetric(phase, epoch, "train", "top1", summary.trainTop1()));
        if (!Double.isNaN(summary.heldOutTop1())) {
            listener.onMetric(new TrialMetric(phase, epoch, "heldout", "top1", summary.heldOutTop1()));
        }
        listener.onMetric(new TrialMetric(phase, epoch, "train", "lr", summary.lr()));
        listener.onMetric(new TrialMetric(phase, epoch, "train", "seconds", summary.seconds()));
    }

    @Override
    public void onBatch(int epoch, int epochs, int batch, int batches) {
        listener.onProgress(new TrialProgress(phase, epoch, epochs, batch, batches));
    }
}
