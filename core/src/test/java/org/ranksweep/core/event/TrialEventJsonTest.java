package org.ranksweep.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;

class TrialEventJsonTest {

    @Test
    void everyEventSurvivesAJsonRoundTripAsItsOwnType() {
        TrialId trialId = new TrialId(42);
        List<TrialEvent> events = List.of(
                new TrialStarted(trialId, 1, "worker-a"),
                new TrialProgressed(trialId, 1, "finetune", 1, 2, 10, 94),
                new MetricsRecorded(trialId, 1, List.of(new TrialMetric("finetune", 1, "heldout", "top1", 0.81))),
                new TrialCompleted(
                        trialId,
                        1,
                        new TrialResult(
                                0.8, 1000, 20000, 300, 1.5, 9.0, Map.of("qk", List.of(12, 12)), "/tmp/a", "ab")),
                new TrialFailed(trialId, 2, "loss became NaN at epoch 1", false));

        for (TrialEvent event : events) {
            String text = Json.write(event);
            TrialEvent back = Json.read(text, TrialEvent.class);
            assertThat(back).isEqualTo(event);
            assertThat(text).contains("\"type\":\"" + event.getClass().getSimpleName() + "\"");
        }
    }

    @Test
    void idsAreWrittenAsPlainNumbers() {
        assertThat(Json.write(new TrialStarted(new TrialId(7), 3, "w"))).contains("\"trialId\":7");
    }
}
