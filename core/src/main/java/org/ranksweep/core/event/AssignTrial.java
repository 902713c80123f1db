package org.ranksweep.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;

/**
 * The command a worker takes from the trial queue: run attempt {@code attempt} of a trial. Immutable; crosses the
 * cluster as JSON.
 *
 * @param rungEpoch for a trial of a successive-halving sweep, the fine-tuning epoch of the rung this attempt runs to
 *                  (the schedule is always the one of the config's full {@code finetune.epochs}): after that epoch
 *                  the worker reports {@link RungReached}; below the last epoch it then keeps the checkpoint and ends
 *                  the attempt without a result, at the last epoch it goes on to the test evaluation. Null for every
 *                  other trial (left out of the JSON).
 */
public record AssignTrial(
        TrialId trialId,
        SweepId sweepId,
        int attempt,
        TrialConfig config,
        String contentHash,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer rungEpoch) {

    /** An attempt that runs the trial to the end and reports no rung. */
    public AssignTrial(TrialId trialId, SweepId sweepId, int attempt, TrialConfig config, String contentHash) {
        this(trialId, sweepId, attempt, config, contentHash, null);
    }

    /** Whether this attempt stops at a rung below the trial's last fine-tuning epoch. */
    public boolean stopsAtRung() {
        return rungEpoch != null
                && config.finetune() != null
                && rungEpoch < config.finetune().epochs();
    }
}
