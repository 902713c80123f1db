package org.ranksweep.orchestrator.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.trial.PairedSpeedup;
import org.ranksweep.db.leaderboard.BestResult;
import org.ranksweep.db.leaderboard.LeaderboardRow;

/**
 * Turns stored leaderboard rows into entries with Δ top-1 against the dense and dense-ft references and speed-up
 * against dense. Stateless.
 */
public final class Leaderboard {

    private static final String DENSE = Methods.DENSE.name();
    private static final String DENSE_FT = Methods.DENSE_FT.name();

    private Leaderboard() {}

    /**
     * Computes the entries; the references of a row are the completed {@code dense} and {@code dense-ft} trials of
     * the same sweep and seed. Keeps the rows' order.
     */
    public static List<LeaderboardEntry> entries(List<LeaderboardRow> rows) {
        Map<String, LeaderboardRow> dense = references(rows, DENSE);
        Map<String, LeaderboardRow> denseFt = references(rows, DENSE_FT);
        List<LeaderboardEntry> entries = new ArrayList<>(rows.size());
        for (LeaderboardRow row : rows) {
            String key = row.sweepId().value() + "/" + row.seed();
            entries.add(entry(row, dense.get(key), denseFt.get(key)));
        }
        return entries;
    }

    private static Map<String, LeaderboardRow> references(List<LeaderboardRow> rows, String method) {
        Map<String, LeaderboardRow> references = new HashMap<>();
        for (LeaderboardRow row : rows) {
            if (method.equals(row.method()) && row.hasResult()) {
                references.putIfAbsent(row.sweepId().value() + "/" + row.seed(), row);
            }
        }
        return references;
    }

    /** The entry of one row against its references (each null when there is none). */
    static LeaderboardEntry entry(LeaderboardRow row, LeaderboardRow dense, LeaderboardRow denseFt) {
        Double delta = null;
        Double speedup = null;
        Double deltaFt = null;
        if (row.hasResult()) {
            speedup = speedupOver(dense, row.pairedSpeedup(), row.latencyMsBatch64());
        }
        if (dense != null && row.hasResult()) {
            delta = row.top1() - dense.top1();
        }
        if (denseFt != null && row.hasResult()) {
            deltaFt = row.top1() - denseFt.top1();
        }
        return new LeaderboardEntry(
                row.trialId().value(),
                row.sweepId().value(),
                row.label(),
                row.method(),
                row.budget(),
                row.ranks(),
                row.params(),
                row.macs(),
                row.attentionParams(),
                row.top1(),
                delta,
                row.latencyMsBatch64(),
                row.latencyMsBatch1(),
                speedup,
                row.state().name(),
                row.dataset(),
                row.model(),
                row.seed(),
                row.reusedFromTrialId() == null ? null : row.reusedFromTrialId().value(),
                deltaFt,
                row.customization());
    }

    /**
     * The best trial per dataset, model, method and budget; each compared with the best dense and the best dense-ft
     * trial of the same dataset and model among the given groups. Keeps the groups' order.
     */
    public static List<BestEntry> best(List<BestResult> groups) {
        Map<String, LeaderboardRow> dense = bestOf(groups, DENSE);
        Map<String, LeaderboardRow> denseFt = bestOf(groups, DENSE_FT);
        List<BestEntry> entries = new ArrayList<>(groups.size());
        for (BestResult group : groups) {
            LeaderboardRow row = group.row();
            LeaderboardRow reference = dense.get(row.dataset() + "/" + row.model());
            LeaderboardRow referenceFt = denseFt.get(row.dataset() + "/" + row.model());
            entries.add(new BestEntry(
                    row.dataset(),
                    row.model(),
                    row.method(),
                    row.budget(),
                    group.completedTrials(),
                    row.trialId().value(),
                    row.sweepId().value(),
                    row.label(),
                    row.top1(),
                    row.params(),
                    row.macs(),
                    row.attentionParams(),
                    row.latencyMsBatch64(),
                    row.ranks(),
                    reference == null ? null : reference.trialId().value(),
                    reference == null ? null : reference.top1(),
                    reference == null ? null : row.top1() - reference.top1(),
                    speedupOver(reference, row.pairedSpeedup(), row.latencyMsBatch64()),
                    referenceFt == null ? null : row.top1() - referenceFt.top1()));
        }
        return entries;
    }

    private static Map<String, LeaderboardRow> bestOf(List<BestResult> groups, String method) {
        Map<String, LeaderboardRow> best = new HashMap<>();
        for (BestResult group : groups) {
            LeaderboardRow row = group.row();
            if (method.equals(row.method())) {
                best.merge(row.dataset() + "/" + row.model(), row, (a, b) -> a.top1() >= b.top1() ? a : b);
            }
        }
        return best;
    }

    /**
     * A trial's speed-up over dense: the paired measurement taken beside its own dense base when it has one (the
     * trustworthy figure); for results recorded before that, the dense trial's latency over this trial's, each timed
     * on its own and so subject to whatever else the machine did meanwhile; null without either.
     */
    static Double speedupOver(LeaderboardRow dense, PairedSpeedup paired, Double latency) {
        if (paired != null) {
            return paired.median();
        }
        return dense == null ? null : speedup(dense.latencyMsBatch64(), latency);
    }

    /** Dense latency over this trial's, or null when either is missing or not positive. */
    static Double speedup(Double denseLatency, Double latency) {
        if (denseLatency == null || latency == null || latency <= 0) {
            return null;
        }
        return denseLatency / latency;
    }
}
