package org.ranksweep.orchestrator.scheduler;

import java.util.function.Function;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.lifecycle.Decision;
import org.ranksweep.core.lifecycle.Effect;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.orchestrator.fanout.FanoutEvent;
import org.ranksweep.orchestrator.fanout.FanoutEvent.TrialStateChanged;

/**
 * Turns the cluster effects and notifications of a lifecycle decision about one trial into the {@link Effects}
 * that run after the commit; its persistence effects are the {@code TrialBatch}'s. Not thread-safe: only the
 * {@link Scheduler}'s thread uses it.
 */
final class DecisionEffects {

    private final HazelcastLeaseBoard leases;
    private final Function<TrialId, Integer> rungEpochs;

    /** @param rungEpochs the epoch a trial's next attempt runs to under successive halving; null when it has none */
    DecisionEffects(HazelcastLeaseBoard leases, Function<TrialId, Integer> rungEpochs) {
        this.leases = leases;
        this.rungEpochs = rungEpochs;
    }

    /** Collects what {@code decision} asks of the cluster and dashboards for {@code trial}. */
    void collect(Effects effects, StoredTrial trial, Decision decision) {
        for (Effect effect : decision.effects()) {
            if (effect instanceof Effect.Cluster cluster) {
                collectCluster(effects, trial, cluster);
            } else if (effect instanceof Effect.PublishStateChange change) {
                effects.publish(stateChanged(trial, change));
            } else if (effect instanceof Effect.PublishMetrics metrics) {
                effects.publish(new FanoutEvent.MetricsRecorded(
                        trial.sweepId(), trial.id(), metrics.attempt(), metrics.metrics()));
            } else if (effect instanceof Effect.CheckSweep) {
                effects.checkSweep(trial.sweepId());
            }
        }
    }

    /** The fan-out event of a state change, with what the lifecycle says goes with it. */
    private static TrialStateChanged stateChanged(StoredTrial trial, Effect.PublishStateChange change) {
        Effect.Detail detail = change.detail();
        if (detail instanceof Effect.Detail.Result completed) {
            return TrialStateChanged.completed(trial.sweepId(), trial.id(), change.attempt(), completed.result());
        }
        if (detail instanceof Effect.Detail.RunsOn running) {
            return TrialStateChanged.running(trial.sweepId(), trial.id(), change.attempt(), running.workerId());
        }
        if (detail instanceof Effect.Detail.ReusedFrom reused) {
            return TrialStateChanged.reused(trial.sweepId(), trial.id(), reused.source());
        }
        if (detail instanceof Effect.Detail.Because because) {
            return TrialStateChanged.because(
                    trial.sweepId(), trial.id(), change.attempt(), change.state(), because.reason());
        }
        return TrialStateChanged.of(trial.sweepId(), trial.id(), change.attempt(), change.state());
    }

    private void collectCluster(Effects effects, StoredTrial trial, Effect.Cluster effect) {
        if (effect instanceof Effect.ReleaseLease) {
            effects.releaseLease(trial.id());
        } else if (effect instanceof Effect.CancelLease cancel) {
            effects.clusterWrite(() -> leases.cancel(trial.id(), cancel.reason()));
        } else if (effect instanceof Effect.ForgetCancellation) {
            effects.clusterWrite(() -> leases.forgetCancellation(trial.id()));
        } else if (effect instanceof Effect.WithdrawFromQueue) {
            effects.withdraw(trial.id());
        } else if (effect instanceof Effect.OfferAttempt offer) {
            effects.offer(new AssignTrial(
                    trial.id(),
                    trial.sweepId(),
                    offer.attempt(),
                    trial.config(),
                    trial.contentHash(),
                    rungEpochs.apply(trial.id())));
        }
    }
}
