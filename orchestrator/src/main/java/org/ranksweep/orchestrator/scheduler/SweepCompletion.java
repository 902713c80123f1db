package org.ranksweep.orchestrator.scheduler;

import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.sweep.SweepProgress;
import org.ranksweep.orchestrator.fanout.Fanout;
import org.ranksweep.orchestrator.fanout.FanoutEvent.SweepStateChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep's own lifecycle: a RUNNING sweep ends when its last trial is terminal (COMPLETED if any trial
 * completed, else FAILED), or when it is cancelled. Trials
 * decide their own states ({@link TrialStateMachine}); this class only says what their end means for the sweep.
 * Not thread-safe: only the {@link Scheduler}'s thread calls it.
 */
final class SweepCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(SweepCompletion.class);

    private final JdbcSweepRepository sweeps;
    private final Fanout fanout;

    SweepCompletion(JdbcSweepRepository sweeps, Fanout fanout) {
        this.sweeps = sweeps;
        this.fanout = fanout;
    }

    /**
     * Ends the sweep if it is RUNNING and none of its trials is still live: COMPLETED when at least one trial
     * completed, FAILED when none did (every trial failed, or was pruned or cancelled), so a sweep that produced no
     * result never reads as a success.
     */
    void finishIfDone(SweepId sweepId) {
        // An index probe, not a read of every trial: this runs after every batch with a terminal event.
        if (sweeps.hasUnfinishedTrials(sweepId)) {
            return;
        }
        StoredSweep sweep = sweeps.find(sweepId).orElse(null);
        if (sweep != null && sweep.state() == SweepState.RUNNING) {
            SweepProgress progress = sweeps.progress(sweepId);
            int completed = progress.count(TrialState.COMPLETED);
            SweepState end = completed > 0 ? SweepState.COMPLETED : SweepState.FAILED;
            sweeps.markState(sweepId, end);
            LOG.info(
                    "sweep ended sweepId={} state={} completed={} failed={} of {} trials",
                    sweepId,
                    end,
                    completed,
                    progress.count(TrialState.FAILED),
                    progress.trialCount());
            fanout.publish(new SweepStateChanged(sweepId, end));
        }
    }

    /** Ends every RUNNING sweep whose trials are all terminal (after a restart, which may have missed the last). */
    void finishRunning() {
        for (StoredSweep sweep : sweeps.list(10_000, 0)) {
            if (sweep.state() == SweepState.RUNNING) {
                finishIfDone(sweep.id());
            }
        }
    }

    /**
     * Marks the sweep CANCELLED. Called before the cancelled trials' effects run, so their sweep check finds it
     * finished rather than completing it.
     */
    void markCancelled(SweepId sweepId) {
        sweeps.markState(sweepId, SweepState.CANCELLED);
    }

    /** Tells dashboards the sweep was cancelled, once its trials' effects have run. */
    void publishCancelled(SweepId sweepId) {
        fanout.publish(new SweepStateChanged(sweepId, SweepState.CANCELLED));
    }
}
