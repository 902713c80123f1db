package org.ranksweep.orchestrator.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

/**
 * Each fan-out event travels as the JSON text the dashboard and {@code ranksweep local} read (the text here is the
 * one the untyped event of earlier versions produced), and reads back as the same typed event.
 */
class FanoutEventJsonTest {

    private static final SweepId SWEEP = new SweepId(1);
    private static final TrialId TRIAL = new TrialId(7);

    @Test
    void sweepEventsCarryTheSweepsStateAndNoTrial() {
        assertWire(
                new SweepSubmitted(SWEEP, SweepState.RUNNING),
                "{\"attempt\":0,\"data\":null,\"state\":\"RUNNING\","
                        + "\"sweepId\":1,\"trialId\":null,\"type\":\"SweepSubmitted\"}");
        assertWire(
                new SweepStateChanged(SWEEP, SweepState.CANCELLED),
                "{\"attempt\":0,\"data\":null,"
                        + "\"state\":\"CANCELLED\",\"sweepId\":1,\"trialId\":null,\"type\":\"SweepStateChanged\"}");
    }

    @Test
    void progressCarriesTheWorkersProgressFieldsAsData() {
        assertWire(
                new TrialProgressed(SWEEP, TRIAL, 2, "finetune", 1, 3, 5, 10),
                "{\"attempt\":2,\"data\":{"
                        + "\"attempt\":2,\"batch\":5,\"batches\":10,\"epoch\":1,\"epochs\":3,\"phase\":\"finetune\","
                        + "\"trialId\":7},\"state\":null,\"sweepId\":1,\"trialId\":7,\"type\":\"TrialProgressed\"}");
    }

    @Test
    void metricsCarryTheRecordedMetricsAsData() {
        assertWire(
                new MetricsRecorded(SWEEP, TRIAL, 2, List.of(new TrialMetric("finetune", 1, "heldout", "top1", 0.75))),
                "{\"attempt\":2,\"data\":[{\"epoch\":1,\"name\":\"top1\",\"phase\":\"finetune\","
                        + "\"split\":\"heldout\",\"value\":0.75}],\"state\":null,\"sweepId\":1,\"trialId\":7,"
                        + "\"type\":\"MetricsRecorded\"}");
    }

    @Test
    void stateChangesCarryTheirOneDetailAsData() {
        TrialResult result = new TrialResult(0.5, 100, 200, 30, 0.25, 2.5, Map.of("qk", List.of(8, 4)), "/a/7", "ab");
        assertWire(
                TrialStateChanged.completed(SWEEP, TRIAL, 2, result),
                "{\"attempt\":2,\"data\":{"
                        + "\"artifactPath\":\"/a/7\",\"artifactSha256\":\"ab\",\"attentionParams\":30,\"latencyMsBatch1\":0.25,"
                        + "\"latencyMsBatch64\":2.5,\"macs\":200,\"params\":100,\"ranks\":{\"qk\":[8,4]},\"top1\":0.5},"
                        + "\"state\":\"COMPLETED\",\"sweepId\":1,\"trialId\":7,\"type\":\"TrialStateChanged\"}");
        assertWire(
                TrialStateChanged.reused(SWEEP, TRIAL, new TrialId(3)),
                "{\"attempt\":0,\"data\":{"
                        + "\"reusedFrom\":3},\"state\":\"COMPLETED\",\"sweepId\":1,\"trialId\":7,"
                        + "\"type\":\"TrialStateChanged\"}");
        assertWire(
                TrialStateChanged.running(SWEEP, TRIAL, 1, "worker-a"),
                "{\"attempt\":1,\"data\":{"
                        + "\"workerId\":\"worker-a\"},\"state\":\"RUNNING\",\"sweepId\":1,\"trialId\":7,"
                        + "\"type\":\"TrialStateChanged\"}");
        assertWire(
                TrialStateChanged.because(SWEEP, TRIAL, 3, TrialState.FAILED, "out of memory"),
                "{\"attempt\":3,"
                        + "\"data\":{\"reason\":\"out of memory\"},\"state\":\"FAILED\",\"sweepId\":1,\"trialId\":7,"
                        + "\"type\":\"TrialStateChanged\"}");
        assertWire(
                TrialStateChanged.of(SWEEP, TRIAL, 1, TrialState.QUEUED),
                "{\"attempt\":1,\"data\":null,"
                        + "\"state\":\"QUEUED\",\"sweepId\":1,\"trialId\":7,\"type\":\"TrialStateChanged\"}");
    }

    private static void assertWire(FanoutEvent event, String json) {
        assertThat(Json.write(event.message())).isEqualTo(json);
        assertThat(FanoutMessage.read(json).event()).isEqualTo(event);
    }
}
