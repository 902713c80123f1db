package org.ranksweep.orchestrator.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;

/**
 * What a batch of state changes asks of the cluster and of dashboards, collected while the batch is decided and
 * carried out only once it is committed, so a rolled-back (and retried) batch leaves no trace in the cluster.
 * Leases are released first (together), then the other actions run in the order they were asked for, then the
 * touched sweeps are checked for completion. Not thread-safe.
 */
final class Effects {

    private final List<TrialId> releasedLeases = new ArrayList<>();
    private final List<Runnable> actions = new ArrayList<>();
    private final Set<SweepId> sweepsToCheck = new LinkedHashSet<>();

    /** The trial's attempt ended: its lease goes. */
    void releaseLease(TrialId trialId) {
        releasedLeases.add(trialId);
    }

    /** A cluster write or fan-out, after the commit, in order. */
    void then(Runnable action) {
        actions.add(action);
    }

    /** A trial of the sweep reached a terminal state: the sweep may be done. */
    void checkSweep(SweepId sweepId) {
        sweepsToCheck.add(sweepId);
    }

    List<TrialId> releasedLeases() {
        return releasedLeases;
    }

    List<Runnable> actions() {
        return actions;
    }

    Set<SweepId> sweepsToCheck() {
        return sweepsToCheck;
    }
}
