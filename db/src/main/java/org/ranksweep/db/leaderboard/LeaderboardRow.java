package org.ranksweep.db.leaderboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;

/**
 * One trial on the leaderboard. The result fields are null until the trial has a result. Immutable.
 *
 * @param budget           attention-parameter budget from the trial's configuration; null for dense or explicit ranks
 * @param dataset          dataset name from the configuration
 * @param model            model architecture from the configuration
 * @param top1             top-1 test accuracy in [0, 1]
 * @param macs             multiply-accumulates per image
 * @param ranks            per-layer ranks or kept heads; empty without a result or for dense
 * @param reusedFromTrialId the trial whose result was copied, or null when it ran itself
 * @param pairedSpeedup    the speed-up over the dense base measured alongside it; null when not measured
 * @param customization    what a customization trial measured (its {@code top1} is the fidelity); null otherwise
 */
public record LeaderboardRow(
        TrialId trialId,
        SweepId sweepId,
        String label,
        String method,
        Double budget,
        String dataset,
        String model,
        long seed,
        TrialState state,
        Double top1,
        Long params,
        Long macs,
        Long attentionParams,
        Double latencyMsBatch1,
        Double latencyMsBatch64,
        Map<String, Object> ranks,
        String artifactPath,
        TrialId reusedFromTrialId,
        PairedSpeedup pairedSpeedup,
        @JsonInclude(JsonInclude.Include.NON_NULL) CustomizationResult customization) {

    public LeaderboardRow {
        ranks = ranks == null ? Map.of() : Map.copyOf(ranks);
    }

    /** Whether the result columns are filled. */
    public boolean hasResult() {
        return top1 != null;
    }
}
