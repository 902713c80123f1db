package org.ranksweep.orchestrator.fanout;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;

/**
 * What the orchestrator tells dashboards and CLIs after it persisted a change, one record per kind of change. It
 * travels as its {@link FanoutMessage}, whose JSON the dashboard and {@code ranksweep local} read. Immutable and
 * thread-safe.
 */
public sealed interface FanoutEvent {

    /** The sweep concerned. */
    SweepId sweepId();

    /** The event in its wire format. */
    FanoutMessage message();

    /** A sweep was stored; its trials start next. */
    record SweepSubmitted(SweepId sweepId, SweepState state) implements FanoutEvent {

        @Override
        public FanoutMessage message() {
            return new FanoutMessage("SweepSubmitted", sweepId.value(), null, 0, state.name(), null);
        }
    }

    /** A sweep reached {@code state}: every trial terminal (COMPLETED), or cancelled. */
    record SweepStateChanged(SweepId sweepId, SweepState state) implements FanoutEvent {

        @Override
        public FanoutMessage message() {
            return new FanoutMessage("SweepStateChanged", sweepId.value(), null, 0, state.name(), null);
        }
    }

    /**
     * Batch {@code batch} of {@code batches} in epoch {@code epoch} of {@code epochs} of an attempt's
     * {@code phase}; for progress bars, not persisted.
     */
    record TrialProgressed(
            SweepId sweepId, TrialId trialId, int attempt, String phase, int epoch, int epochs, int batch, int batches)
            implements FanoutEvent {

        @Override
        public FanoutMessage message() {
            // The worker's progress event as it arrived: its fields and the trial and attempt it belongs to.
            Map<String, Object> data = new TreeMap<>();
            data.put("trialId", trialId.value());
            data.put("attempt", attempt);
            data.put("phase", phase);
            data.put("epoch", epoch);
            data.put("epochs", epochs);
            data.put("batch", batch);
            data.put("batches", batches);
            return new FanoutMessage("TrialProgressed", sweepId.value(), trialId.value(), attempt, null, data);
        }
    }

    /** Metrics an attempt recorded, in the order it measured them. */
    record MetricsRecorded(SweepId sweepId, TrialId trialId, int attempt, List<TrialMetric> metrics)
            implements FanoutEvent {

        public MetricsRecorded {
            metrics = List.copyOf(metrics);
        }

        @Override
        public FanoutMessage message() {
            return new FanoutMessage("MetricsRecorded", sweepId.value(), trialId.value(), attempt, null, metrics);
        }
    }

    /**
     * A trial moved to {@code state}, with at most one detail: the worker that runs it (RUNNING), its result
     * (COMPLETED), the earlier identical trial whose result it took (COMPLETED, attempt 0), or why it failed or was
     * queued again. The others are null.
     */
    record TrialStateChanged(
            SweepId sweepId,
            TrialId trialId,
            int attempt,
            TrialState state,
            String workerId,
            TrialResult result,
            TrialId reusedFrom,
            String reason)
            implements FanoutEvent {

        /** A change with nothing more to say (queued for its first attempt, cancelled). */
        public static TrialStateChanged of(SweepId sweepId, TrialId trialId, int attempt, TrialState state) {
            return new TrialStateChanged(sweepId, trialId, attempt, state, null, null, null, null);
        }

        public static TrialStateChanged running(SweepId sweepId, TrialId trialId, int attempt, String workerId) {
            return new TrialStateChanged(sweepId, trialId, attempt, TrialState.RUNNING, workerId, null, null, null);
        }

        public static TrialStateChanged completed(SweepId sweepId, TrialId trialId, int attempt, TrialResult result) {
            return new TrialStateChanged(sweepId, trialId, attempt, TrialState.COMPLETED, null, result, null, null);
        }

        /** Completed without running: the result of {@code source}, an earlier identical trial, was reused. */
        public static TrialStateChanged reused(SweepId sweepId, TrialId trialId, TrialId source) {
            return new TrialStateChanged(sweepId, trialId, 0, TrialState.COMPLETED, null, null, source, null);
        }

        /** Failed, or queued again after a failed or lost attempt, because of {@code reason}. */
        public static TrialStateChanged because(
                SweepId sweepId, TrialId trialId, int attempt, TrialState state, String reason) {
            return new TrialStateChanged(sweepId, trialId, attempt, state, null, null, null, reason);
        }

        @Override
        public FanoutMessage message() {
            return new FanoutMessage(
                    "TrialStateChanged", sweepId.value(), trialId.value(), attempt, state.name(), data());
        }

        private Object data() {
            if (result != null) {
                return result;
            }
            if (workerId != null) {
                return Map.of("workerId", workerId);
            }
            if (reusedFrom != null) {
                return Map.of("reusedFrom", reusedFrom.value());
            }
            return reason == null ? null : Map.of("reason", reason);
        }
    }
}
