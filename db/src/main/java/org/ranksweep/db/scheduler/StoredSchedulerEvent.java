package org.ranksweep.db.scheduler;

import java.time.Instant;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;

/**
 * One entry of a sweep's successive-halving history as stored. Immutable.
 *
 * @param seq        position in the sweep's history, from 0
 * @param trialId    the trial the entry is about (the event itself numbers trials by their index in the sweep)
 * @param recordedAt the orchestrator's clock when it was stored, microseconds
 */
public record StoredSchedulerEvent(SweepId sweepId, int seq, TrialId trialId, AshaEvent event, Instant recordedAt) {}
