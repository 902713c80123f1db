package org.ranksweep.orchestrator.report;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialState;

/**
 * One sweep with its progress and an estimate of the time left, as {@code GET /api/v1/sweeps/{id}} serves it.
 * Immutable and thread-safe.
 *
 * @param trialCount trials the sweep was created with
 * @param done       trials in a terminal state
 * @param counts     trials per state, every state present, in the states' lifecycle order
 * @param startedAt  when it started running
 * @param endedAt    when it reached a terminal state; null while RUNNING
 * @param etaSeconds seconds left, extrapolated from the trials done so far; null when the sweep is terminal or
 *                   there is nothing to extrapolate from
 * @param scheduler  the successive-halving algorithm of its spec ({@code asha} or {@code hyperband}), null when
 *                   every trial runs its full recipe; {@code GET /api/v1/sweeps/{id}/scheduler} shows its rungs
 * @param customization whether its spec has {@code customization:} (its trials teach a generator a concept instead
 *                   of compressing a model); {@code GET /api/v1/sweeps/{id}/customization} summarises them
 */
public record SweepView(
        SweepId id,
        String name,
        SweepState state,
        int trialCount,
        int done,
        Map<TrialState, Integer> counts,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Long etaSeconds,
        String scheduler,
        boolean customization) {

    public SweepView {
        EnumMap<TrialState, Integer> ordered = new EnumMap<>(TrialState.class);
        ordered.putAll(counts);
        counts = Collections.unmodifiableMap(ordered);
    }
}
