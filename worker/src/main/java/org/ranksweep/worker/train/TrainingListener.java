package org.ranksweep.worker.train;

/** Receives a training loop's progress, on the training thread; implementations must be quick. */
public interface TrainingListener {

    /** Called after each epoch with its measurements. */
    void onEpoch(EpochSummary summary);

    /** Called after each batch: {@code batch} of {@code batches} done in epoch {@code epoch} of {@code epochs}. */
    void onBatch(int epoch, int epochs, int batch, int batches);

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {}

            @Override
            public void onBatch(int epoch, int epochs, int batch, int batches) {}
        };
    }
}
