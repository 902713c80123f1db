package org.ranksweep.orchestrator.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;

/**
 * One row of a sweep's trial table: the trial's columns and, once it has a result, the result compared with the
 * dense and dense-ft trials of the same sweep and seed, as {@code GET /api/v1/sweeps/{id}/trials} serves it.
 * Immutable and thread-safe.
 *
 * <p>The result columns, {@code top1} to {@code speedupVsDense}, are null until the trial has a result and are then
 * left out of the JSON: the dashboard and the CLI tell an unfinished trial by its missing {@code top1}. With a
 * result, {@code top1}, {@code params}, {@code macs}, {@code ranks} and {@code latencyMs} are set, and a comparison
 * without its reference trial is null.
 *
 * @param budget             attention-parameter budget; null for dense or explicit ranks
 * @param attempts           attempts started so far
 * @param reason             why the trial is in its state (failure message, ...); null when none
 * @param top1               test top-1, a fraction in [0, 1]
 * @param ranks              per-layer ranks or kept heads; empty for dense
 * @param deltaTop1VsDenseFt {@code top1} − the dense-ft top-1 of the same seed; null without a dense-ft trial
 * @param deltaTop1VsDense   {@code top1} − the dense top-1 of the same seed; null without a dense trial
 * @param latencyMs          median forward latency of a batch of 64 images, milliseconds
 * @param speedupVsDense     dense batch-64 latency over this trial's; null without a dense trial
 */
public record TrialView(
        TrialId id,
        SweepId sweepId,
        int index,
        String label,
        String method,
        Double budget,
        long seed,
        TrialState state,
        int attempts,
        int maxAttempts,
        String reason,
        String contentHash,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Double top1,
        Long params,
        Long macs,
        Map<String, Object> ranks,
        Double deltaTop1VsDenseFt,
        Double deltaTop1VsDense,
        Double latencyMs,
        Double speedupVsDense) {

    public TrialView {
        ranks = ranks == null ? null : Map.copyOf(ranks);
    }

    /** Whether the trial has a result, and with it the result columns. */
    public boolean hasResult() {
        return top1 != null;
    }

    /**
     * The JSON object the API serves, one key per component, the result columns only when the trial has a result;
     * a map, because which keys it has depends on the trial. The JSON mapping sorts its keys.
     */
    @JsonValue
    Map<String, Object> json() {
        Map<String, Object> json = new TreeMap<>();
        json.put("id", id);
        json.put("sweepId", sweepId);
        json.put("index", index);
        json.put("label", label);
        json.put("method", method);
        json.put("budget", budget);
        json.put("seed", seed);
        json.put("state", state);
        json.put("attempts", attempts);
        json.put("maxAttempts", maxAttempts);
        json.put("reason", reason);
        json.put("contentHash", contentHash);
        json.put("createdAt", createdAt);
        json.put("startedAt", startedAt);
        json.put("endedAt", endedAt);
        if (hasResult()) {
            putResultColumns(json);
        }
        return json;
    }

    private void putResultColumns(Map<String, Object> json) {
        json.put("top1", top1);
        json.put("params", params);
        json.put("macs", macs);
        json.put("ranks", ranks);
        json.put("deltaTop1VsDenseFt", deltaTop1VsDenseFt);
        json.put("deltaTop1VsDense", deltaTop1VsDense);
        json.put("latencyMs", latencyMs);
        json.put("speedupVsDense", speedupVsDense);
    }
}
