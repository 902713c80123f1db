package org.ranksweep.orchestrator.fanout;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.orchestrator.fanout.FanoutEvent.MetricsRecorded;
import org.ranksweep.orchestrator.fanout.FanoutEvent.SweepStateChanged;
import org.ranksweep.orchestrator.fanout.FanoutEvent.SweepSubmitted;
import org.ranksweep.orchestrator.fanout.FanoutEvent.TrialProgressed;
import org.ranksweep.orchestrator.fanout.FanoutEvent.TrialStateChanged;

/** Reads typed {@link FanoutEvent}s back from their {@link FanoutMessage}s. Stateless, thread-safe. */
final class FanoutEvents {

    private static final TypeReference<List<TrialMetric>> METRICS = new TypeReference<>() {};

    private FanoutEvents() {}

    /** The progress fields of a {@code TrialProgressed} message's data. */
    record Progress(String phase, int epoch, int epochs, int batch, int batches) {}

    /** The details a {@code TrialStateChanged} message's data carries when it is not a result. */
    record StateDetail(String workerId, Long reusedFrom, String reason) {}

    static FanoutEvent fromMessage(FanoutMessage message) {
        SweepId sweepId = new SweepId(message.sweepId());
        return switch (message.type()) {
            case "SweepSubmitted" -> new SweepSubmitted(sweepId, SweepState.valueOf(message.state()));
            case "SweepStateChanged" -> new SweepStateChanged(sweepId, SweepState.valueOf(message.state()));
            case "TrialStateChanged" -> stateChanged(sweepId, message);
            case "TrialProgressed" -> progressed(sweepId, message);
            case "MetricsRecorded" ->
                new MetricsRecorded(
                        sweepId,
                        new TrialId(message.trialId()),
                        message.attempt(),
                        Json.mapper().convertValue(message.data(), METRICS));
            default -> throw new IllegalArgumentException("type: unknown fan-out event type '" + message.type() + "'");
        };
    }

    private static TrialProgressed progressed(SweepId sweepId, FanoutMessage message) {
        Progress progress = Json.mapper().convertValue(message.data(), Progress.class);
        return new TrialProgressed(
                sweepId,
                new TrialId(message.trialId()),
                message.attempt(),
                progress.phase(),
                progress.epoch(),
                progress.epochs(),
                progress.batch(),
                progress.batches());
    }

    private static TrialStateChanged stateChanged(SweepId sweepId, FanoutMessage message) {
        TrialId trialId = new TrialId(message.trialId());
        TrialState state = TrialState.valueOf(message.state());
        JsonNode data = message.data() == null ? null : Json.mapper().valueToTree(message.data());
        if (data == null || data.isNull()) {
            return TrialStateChanged.of(sweepId, trialId, message.attempt(), state);
        }
        TrialResult result = data.has("top1") ? Json.mapper().convertValue(data, TrialResult.class) : null;
        StateDetail detail = result == null
                ? Json.mapper().convertValue(data, StateDetail.class)
                : new StateDetail(null, null, null);
        return new TrialStateChanged(
                sweepId,
                trialId,
                message.attempt(),
                state,
                detail.workerId(),
                result,
                detail.reusedFrom() == null ? null : new TrialId(detail.reusedFrom()),
                detail.reason());
    }
}
