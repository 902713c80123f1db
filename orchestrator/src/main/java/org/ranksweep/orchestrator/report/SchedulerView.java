package org.ranksweep.orchestrator.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.pareto.Objective;

/**
 * A successive-halving sweep's scheduler as {@code GET /api/v1/sweeps/{id}/scheduler} serves it: the ladder, every
 * bracket's rungs with the trials that reported there (ranked best first by the sweep's objectives, as ASHA ranks
 * them) and the decisions in the order they were taken, each with the standings it was taken on, so a reader can
 * audit why a trial was promoted or stopped. Built from the stored history ({@code scheduler_events}) by
 * {@link SchedulerReport}. Immutable and thread-safe.
 *
 * @param algorithm   {@code asha} or {@code hyperband}
 * @param resource    what a rung allocates ({@code finetune.epochs})
 * @param min         epochs of the lowest rung
 * @param max         epochs of the top rung
 * @param eta         reduction factor: the top 1/η of a rung is promoted
 * @param objectives  what rungs are ranked by
 * @param constraints hard limits on results, as in the spec (e.g. {@code params <= 200000.0})
 * @param counts      the sweep's trials by the states successive halving moves them through
 * @param brackets    every bracket (one for ASHA, K+1 for Hyperband), lowest index first
 * @param decisions   the history without the reports (those are the rungs' results), in order
 */
public record SchedulerView(
        long sweepId,
        String algorithm,
        String resource,
        int min,
        int max,
        int eta,
        List<Objective> objectives,
        List<String> constraints,
        Counts counts,
        List<Bracket> brackets,
        List<Decision> decisions) {

    public SchedulerView {
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints);
        brackets = List.copyOf(brackets);
        decisions = List.copyOf(decisions);
    }

    /** Where a trial that reported at a rung stands there now. */
    public enum Status {
        /** Reported, neither promoted nor stopped yet: it may still be promoted. */
        WAITING,
        /** Promoted out of this rung to the next. */
        PROMOTED,
        /** Stopped here for good: not among those promoted when its bracket ran out of work. */
        PRUNED,
        /** Reported at the top rung: done. */
        COMPLETED
    }

    /**
     * Trials by state.
     *
     * @param running   queued or running toward a rung
     * @param paused    waiting at a rung for a promotion
     * @param pruned    stopped at a rung
     * @param completed reached the top rung with a result
     */
    public record Counts(int running, int paused, int pruned, int completed) {}

    /**
     * One bracket of the ladder.
     *
     * @param bracket index, 0 for ASHA; Hyperband's bracket s starts at min·η^s
     * @param epochs  the epochs of its rungs, lowest first
     * @param rungs   its rungs, lowest first, each with the trials that reported there
     */
    public record Bracket(int bracket, List<Integer> epochs, List<Rung> rungs) {
        public Bracket {
            epochs = List.copyOf(epochs);
            rungs = List.copyOf(rungs);
        }
    }

    /**
     * One rung of a bracket.
     *
     * @param rung    index within the bracket, 0 at its bottom
     * @param epochs  fine-tuning epochs a trial has trained when it reports here
     * @param results the trials that reported here, best first
     */
    public record Rung(int rung, int epochs, List<RungEntry> results) {
        public Rung {
            results = List.copyOf(results);
        }
    }

    /**
     * A trial's report at a rung.
     *
     * @param trialId the trial's id
     * @param label   the trial's label
     * @param index   the trial's index in the sweep (ASHA's trial id)
     * @param metrics what it reported there
     * @param status  where it stands there now
     */
    public record RungEntry(long trialId, String label, int index, Map<String, Double> metrics, Status status) {
        public RungEntry {
            metrics = Map.copyOf(metrics);
        }
    }

    /**
     * A decision of the scheduler, or a trial leaving its rung without a report.
     *
     * @param seq        position in the sweep's history
     * @param recordedAt when it was stored
     * @param kind       {@code Started}, {@code Promoted}, {@code Completed}, {@code Pruned} or {@code Dropped}
     * @param trialId    the trial decided about
     * @param label      its label
     * @param index      its index in the sweep
     * @param bracket    its bracket
     * @param rung       the rung started or promoted to, completed or pruned at; for {@code Dropped} the rung it
     *                   was running toward
     * @param epochs     that rung's epochs
     * @param reason     why a trial was dropped; null for the other kinds
     * @param standings  the rung's standings the decision was taken on, best first; empty for {@code Started} and
     *                   {@code Dropped}
     */
    public record Decision(
            int seq,
            Instant recordedAt,
            String kind,
            long trialId,
            String label,
            int index,
            int bracket,
            int rung,
            int epochs,
            String reason,
            List<StandingEntry> standings) {
        public Decision {
            standings = List.copyOf(standings);
        }
    }

    /**
     * One line of a rung's standings at a decision.
     *
     * @param promoted whether it had been promoted out of that rung before the decision
     */
    public record StandingEntry(long trialId, String label, int index, Map<String, Double> metrics, boolean promoted) {
        public StandingEntry {
            metrics = Map.copyOf(metrics);
        }
    }
}
