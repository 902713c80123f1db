package org.ranksweep.worker.cluster;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.RungReached;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialProgressed;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.run.RungMetrics;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.run.TrialProgress;

/**
 * Turns a running trial's callbacks into cluster events: every metric, and progress at most once per
 * {@code progressInterval} (plus the last batch of each epoch) so progress bars move without flooding the queue, and
 * the attempt's rung as {@link RungReached}.
 * Not thread-safe: one per running trial.
 */
final class EventForwarder implements TrialListener {

    private final AssignTrial assignment;
    private final Consumer<TrialEvent> publish;
    private final long intervalNanos;
    private long lastProgressNanos;

    EventForwarder(AssignTrial assignment, Consumer<TrialEvent> publish, Duration progressInterval) {
        this.assignment = assignment;
        this.publish = publish;
        this.intervalNanos = progressInterval.toNanos();
    }

    @Override
    public void onMetric(TrialMetric metric) {
        publish.accept(new MetricsRecorded(assignment.trialId(), assignment.attempt(), List.of(metric)));
    }

    @Override
    public void onRung(RungMetrics rung) {
        publish.accept(new RungReached(assignment.trialId(), assignment.attempt(), rung.epoch(), rung.byName()));
    }

    @Override
    public void onProgress(TrialProgress progress) {
        long now = System.nanoTime();
        boolean lastBatch = progress.batch() >= progress.batches();
        if (lastBatch || now - lastProgressNanos >= intervalNanos) {
            lastProgressNanos = now;
            publish.accept(new TrialProgressed(
                    assignment.trialId(),
                    assignment.attempt(),
                    progress.phase(),
                    progress.epoch(),
                    progress.epochs(),
                    progress.batch(),
                    progress.batches()));
        }
    }
}
