package org.ranksweep.orchestrator.scheduler;

import org.ranksweep.core.lifecycle.Decision;
import org.ranksweep.core.lifecycle.Effect;
import org.ranksweep.core.lifecycle.LifecycleEvent;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.trial.StoredTrial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's log lines for lifecycle decisions, one history per trial that {@code grep trialId=…} finds: what
 * the event was, what became of it, and a retry or failure it led to. Thread-safe: stateless.
 */
final class LifecycleLog {

    private static final Logger LOG = LoggerFactory.getLogger(TrialStateMachine.class);

    private LifecycleLog() {}

    /** Logs {@code decision} about {@code trial} (as it was before) for {@code event}. */
    static void log(StoredTrial trial, LifecycleEvent event, Decision decision) {
        if (event instanceof LifecycleEvent.StartClaimed started) {
            logStart(trial, started, decision);
        } else if (event instanceof LifecycleEvent.MetricsReported metrics) {
            if (decision.ignoredBecause().isPresent()) {
                LOG.debug("stale metrics dropped trialId={} attempt={}", trial.id(), metrics.attempt());
            }
        } else if (event instanceof LifecycleEvent.ResultReported result) {
            logResult(trial, result, decision);
        } else if (event instanceof LifecycleEvent.AttemptFailed failed) {
            logFailure(trial, failed, decision);
        } else if (event instanceof LifecycleEvent.AttemptLost lost) {
            if (decision.ignoredBecause().isEmpty()) {
                LOG.warn("attempt lost trialId={} attempt={}: {}", trial.id(), lost.attempt(), lost.reason());
            }
        } else if (event instanceof LifecycleEvent.Reused reused) {
            if (decision.ignoredBecause().isEmpty()) {
                LOG.info("trial reused trialId={} from trialId={}", trial.id(), reused.source());
            }
        } else if (!(event instanceof LifecycleEvent.Enqueued) && !(event instanceof LifecycleEvent.Cancelled)) {
            // Queueing and cancellation are logged per sweep; successive halving's moves per trial.
            decision.ignoredBecause()
                    .ifPresentOrElse(
                            because -> LOG.info("{} ignored trialId={}: {}", name(event), trial.id(), because),
                            () -> LOG.info(
                                    "trial {} trialId={}", decision.next().state(), trial.id()));
        }
        logOutcome(trial, decision);
    }

    private static void logStart(StoredTrial trial, LifecycleEvent.StartClaimed event, Decision decision) {
        if (decision.ignoredBecause().isEmpty()) {
            LOG.info("trial running trialId={} attempt={} workerId={}", trial.id(), event.attempt(), event.workerId());
        } else if (!trial.state().isTerminal() && decision.has(Effect.CancelLease.class)) {
            LOG.warn(
                    "start refused trialId={}: {}",
                    trial.id(),
                    decision.ignoredBecause().orElseThrow());
        } else if (!trial.state().isTerminal()) {
            LOG.info(
                    "start ignored trialId={} attempt={} workerId={} (trial {} at attempt {})",
                    trial.id(),
                    event.attempt(),
                    event.workerId(),
                    trial.state(),
                    trial.attemptCount());
        }
    }

    private static void logResult(StoredTrial trial, LifecycleEvent.ResultReported event, Decision decision) {
        if (decision.ignoredBecause().isPresent()) {
            LOG.warn(
                    "stale result recorded trialId={} attempt={} (current attempt {}, state {})",
                    trial.id(),
                    event.attempt(),
                    trial.attemptCount(),
                    trial.state());
        } else {
            LOG.info(
                    "trial completed trialId={} attempt={} top1={}",
                    trial.id(),
                    event.attempt(),
                    event.result().top1());
        }
    }

    private static void logFailure(StoredTrial trial, LifecycleEvent.AttemptFailed event, Decision decision) {
        if (decision.ignoredBecause().isPresent()) {
            LOG.info("failure of an old attempt ignored trialId={} attempt={}", trial.id(), event.attempt());
        } else if (!trial.state().isTerminal()) {
            LOG.info("attempt failed trialId={} attempt={}: {}", trial.id(), event.attempt(), event.reason());
        }
    }

    /** The retry or final failure a worker's failure or a lost attempt led to. */
    private static void logOutcome(StoredTrial trial, Decision decision) {
        for (Effect.ChangeState change : decision.effects(Effect.ChangeState.class)) {
            if (change.from() == TrialState.RUNNING && change.to() == TrialState.QUEUED) {
                LOG.info(
                        "trial re-queued trialId={} for attempt {}: {}",
                        trial.id(),
                        decision.next().attemptCount() + 1,
                        change.reason());
            } else if (change.from() == TrialState.RUNNING && change.to() == TrialState.FAILED) {
                LOG.warn("trial failed trialId={}: {}", trial.id(), change.reason());
            }
        }
    }

    private static String name(LifecycleEvent event) {
        return event.getClass().getSimpleName();
    }
}
