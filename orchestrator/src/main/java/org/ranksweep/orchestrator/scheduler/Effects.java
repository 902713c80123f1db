package org.ranksweep.orchestrator.scheduler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.orchestrator.fanout.FanoutEvent;

/**
 * What committed lifecycle decisions ask of the cluster and of dashboards, collected while a batch is decided and
 * carried out only once it is committed, so a rolled-back (and retried) batch leaves no trace in the cluster. They
 * run in this order ({@link TrialStateMachine#run}): leases released together, trials withdrawn from the queues
 * together, the other cluster writes in the order asked, offers together, fan-out in the order asked, then the
 * touched sweeps are checked for completion, then successive halving hears of the rung reports and drops not handed
 * over in the transaction, all together, and its decisions move the trials they concern. Not thread-safe.
 */
final class Effects {

    private final List<TrialId> releasedLeases = new ArrayList<>();
    private final Set<TrialId> withdrawn = new LinkedHashSet<>();
    private final List<Runnable> clusterWrites = new ArrayList<>();
    private final List<AssignTrial> offers = new ArrayList<>();
    private final List<FanoutEvent> fanout = new ArrayList<>();
    private final Set<SweepId> sweepsToCheck = new LinkedHashSet<>();
    private final List<SuccessiveHalving.Input> halvingInputs = new ArrayList<>();

    /** The trial's attempt ended: its lease goes. */
    void releaseLease(TrialId trialId) {
        releasedLeases.add(trialId);
    }

    /** The trial leaves the queues. */
    void withdraw(TrialId trialId) {
        withdrawn.add(trialId);
    }

    /** A write to the lease or cancellation maps, after the commit, in order. */
    void clusterWrite(Runnable write) {
        clusterWrites.add(write);
    }

    /** An attempt to offer on its device's queue. */
    void offer(AssignTrial assignment) {
        offers.add(assignment);
    }

    /** A change to fan out to dashboards, in order. */
    void publish(FanoutEvent event) {
        fanout.add(event);
    }

    /** A trial of the sweep reached a terminal state: the sweep may be done. */
    void checkSweep(SweepId sweepId) {
        sweepsToCheck.add(sweepId);
    }

    /**
     * What successive halving must hear (rung reports, drops), in this order: taken in the transaction of a batch of
     * worker events ({@link #takeHalvingInputs}), otherwise told once the decisions are committed, last.
     */
    void tellHalving(SuccessiveHalving.Input input) {
        halvingInputs.add(input);
    }

    List<SuccessiveHalving.Input> halvingInputs() {
        return halvingInputs;
    }

    /** The inputs for successive halving so far, removed: the caller hands them over in the batch's transaction. */
    List<SuccessiveHalving.Input> takeHalvingInputs() {
        List<SuccessiveHalving.Input> taken = List.copyOf(halvingInputs);
        halvingInputs.clear();
        return taken;
    }

    /** Adds {@code later}'s effects after these, each kind in its order (decisions committed with these). */
    void include(Effects later) {
        releasedLeases.addAll(later.releasedLeases);
        withdrawn.addAll(later.withdrawn);
        clusterWrites.addAll(later.clusterWrites);
        offers.addAll(later.offers);
        fanout.addAll(later.fanout);
        sweepsToCheck.addAll(later.sweepsToCheck);
        halvingInputs.addAll(later.halvingInputs);
    }

    List<TrialId> releasedLeases() {
        return releasedLeases;
    }

    Set<TrialId> withdrawn() {
        return withdrawn;
    }

    List<Runnable> clusterWrites() {
        return clusterWrites;
    }

    List<AssignTrial> offers() {
        return offers;
    }

    List<FanoutEvent> fanout() {
        return fanout;
    }

    Set<SweepId> sweepsToCheck() {
        return sweepsToCheck;
    }
}
