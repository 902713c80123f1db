package org.ranksweep.orchestrator.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.trial.StoredAttempt;
import org.ranksweep.db.trial.StoredMetric;

/**
 * One trial in full: its row of the trial table with its configuration, attempts, metrics and stored result, as
 * {@code GET /api/v1/trials/{id}} serves it, in one flat JSON object. Immutable and thread-safe.
 *
 * @param trial             the trial's row of the trial table, its keys at the top level of the JSON
 * @param attemptHistory    its attempts in start order
 * @param metrics           every metric its attempts recorded, per-epoch values and the base model's spectrum
 * @param result            its stored result; null until it completed
 * @param reusedFromTrialId the earlier identical trial whose result it took; null when it ran itself
 */
public record TrialDetail(
        @JsonUnwrapped TrialView trial,
        TrialConfig config,
        List<StoredAttempt> attemptHistory,
        List<StoredMetric> metrics,
        TrialResult result,
        TrialId reusedFromTrialId) {

    public TrialDetail {
        attemptHistory = List.copyOf(attemptHistory);
        metrics = List.copyOf(metrics);
    }

    /** The trial view's JSON object with the detail's keys added. */
    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = trial.json();
        json.put("config", config);
        json.put("attemptHistory", attemptHistory);
        json.put("metrics", metrics);
        json.put("result", result);
        json.put("reusedFromTrialId", reusedFromTrialId);
        return json;
    }
}
