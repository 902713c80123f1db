package org.ranksweep.orchestrator.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.leaderboard.JdbcLeaderboardRepository;
import org.ranksweep.db.leaderboard.LeaderboardFilter;
import org.ranksweep.db.leaderboard.LeaderboardRow;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.sweep.SweepProgress;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;

/**
 * The read side of the API: views of sweeps, trials, the leaderboard and baselines, shaped as JSON-ready maps
 * and records. Every method blocks on JDBC: call it from a worker pool. Thread-safe.
 */
public final class Reports {

    private static final int SWEEP_TRIALS_LIMIT = 100_000;

    private final JdbcSweepRepository sweeps;
    private final JdbcTrialRepository trials;
    private final JdbcLeaderboardRepository leaderboard;
    private final JdbcBaselineRepository baselines;

    public Reports(JdbcSweepRepository sweeps, JdbcTrialRepository trials, JdbcLeaderboardRepository leaderboard,
                   JdbcBaselineRepository baselines) {
        this.sweeps = sweeps;
        this.trials = trials;
        this.leaderboard = leaderboard;
        this.baselines = baselines;
    }

    public List<Map<String, Object>> sweeps(int limit, int offset) {
        return sweeps.list(limit, offset).stream().map(this::sweepView).toList();
    }

    public Map<String, Object> sweep(SweepId sweepId) {
        return sweepView(sweeps.find(sweepId)
                .orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist")));
    }

    /** Every trial of the sweep in plan order, with its result columns when completed. */
    public List<Map<String, Object>> trials(SweepId sweepId) {
        sweeps.find(sweepId).orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
        Map<Long, LeaderboardEntry> results = new LinkedHashMap<>();
        for (LeaderboardEntry entry : sweepLeaderboard(sweepId)) {
            results.put(entry.trialId(), entry);
        }
        return trials.listBySweep(sweepId).stream().map(t -> trialView(t, results.get(t.id().value()))).toList();
    }

    /** One trial with configuration, attempts, per-epoch metrics and result. */
    public Map<String, Object> trial(TrialId trialId) {
        StoredTrial trial = trials.find(trialId)
                .orElseThrow(() -> new NotFoundException("trial " + trialId + " does not exist"));
        LeaderboardEntry entry = sweepLeaderboard(trial.sweepId()).stream()
                .filter(e -> e.trialId() == trialId.value()).findFirst().orElse(null);
        Map<String, Object> view = trialView(trial, entry);
        view.put("config", trial.config());
        view.put("attemptHistory", trials.attempts(trialId));
        view.put("metrics", trials.metrics(trialId));
        view.put("result", trials.result(trialId).orElse(null));
        return view;
    }

    /** Completed and running trials, best top-1 first; method filter applied after Δ vs dense is computed. */
    public List<LeaderboardEntry> leaderboard(String dataset, String model, String method, SweepId sweepId) {
        List<LeaderboardRow> rows = leaderboard.query(
                new LeaderboardFilter(dataset, model, null, sweepId, SWEEP_TRIALS_LIMIT, 0));
        return Leaderboard.entries(rows).stream()
                .filter(e -> method == null || method.equals(e.method()))
                .toList();
    }

    public List<LeaderboardEntry> sweepLeaderboard(SweepId sweepId) {
        return leaderboard(null, null, null, sweepId);
    }

    public List<Baseline> baselines(String model) {
        return baselines.list(model);
    }

    private Map<String, Object> sweepView(StoredSweep sweep) {
        SweepProgress progress = sweeps.progress(sweep.id());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", sweep.id().value());
        view.put("name", sweep.name());
        view.put("state", sweep.state().name());
        view.put("trialCount", sweep.trialCount());
        view.put("done", progress.terminalCount());
        view.put("counts", progress.counts());
        view.put("createdAt", sweep.createdAt());
        view.put("startedAt", sweep.startedAt());
        view.put("endedAt", sweep.endedAt());
        return view;
    }

    private static Map<String, Object> trialView(StoredTrial trial, LeaderboardEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", trial.id().value());
        view.put("sweepId", trial.sweepId().value());
        view.put("index", trial.index());
        view.put("label", trial.label());
        view.put("method", trial.method());
        view.put("budget", trial.config().budget());
        view.put("seed", trial.config().seed());
        view.put("state", trial.state().name());
        view.put("attempts", trial.attemptCount());
        view.put("maxAttempts", trial.maxAttempts());
        view.put("reason", trial.reason());
        view.put("contentHash", trial.contentHash());
        view.put("createdAt", trial.createdAt());
        view.put("startedAt", trial.startedAt());
        view.put("endedAt", trial.endedAt());
        if (entry != null && entry.top1() != null) {
            view.put("top1", entry.top1());
            view.put("params", entry.params());
            view.put("macs", entry.macs());
            view.put("ranks", entry.ranks());
            view.put("deltaTop1VsDense", entry.deltaTop1VsDense());
            view.put("latencyMs", entry.latencyMs());
            view.put("speedupVsDense", entry.speedupVsDense());
        }
        return view;
    }
}
