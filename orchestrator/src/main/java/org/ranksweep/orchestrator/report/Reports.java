package org.ranksweep.orchestrator.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ranksweep.core.customize.CustomizationArtifacts;
import org.ranksweep.core.customize.CustomizationMethods;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.pareto.ParetoFront;
import org.ranksweep.core.spec.SchedulerSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.leaderboard.JdbcLeaderboardRepository;
import org.ranksweep.db.leaderboard.LeaderboardFilter;
import org.ranksweep.db.leaderboard.LeaderboardRow;
import org.ranksweep.db.leaderboard.ResultPoint;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.sweep.SweepProgress;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.db.trial.TrialPage;
import org.ranksweep.db.trial.TrialPageQuery;
import org.ranksweep.db.trial.TrialSort;

/**
 * The read side of the API: views of sweeps, trials, the leaderboard, Pareto points and baselines, as the records
 * the API serialises to JSON. Sorting, filtering, paging and grouping happen in the database, so views of a sweep
 * with tens of thousands of trials stay cheap. Every method blocks on JDBC: call it from a worker pool.
 * Thread-safe.
 */
public final class Reports {

    /** The most rows one request reads: whole-sweep views and the leaderboard stop here. */
    public static final int MAX_ROWS = 100_000;

    private static final String DENSE = Methods.DENSE.name();
    private static final String DENSE_FT = Methods.DENSE_FT.name();

    private final JdbcSweepRepository sweeps;
    private final JdbcTrialRepository trials;
    private final JdbcLeaderboardRepository leaderboard;
    private final JdbcBaselineRepository baselines;
    private final SchedulerReport schedulers;

    public Reports(
            JdbcSweepRepository sweeps,
            JdbcTrialRepository trials,
            JdbcLeaderboardRepository leaderboard,
            JdbcBaselineRepository baselines,
            JdbcSchedulerEventRepository schedulerEvents) {
        this.sweeps = sweeps;
        this.trials = trials;
        this.leaderboard = leaderboard;
        this.baselines = baselines;
        this.schedulers = new SchedulerReport(sweeps, trials, schedulerEvents);
    }

    /** A page of sweeps, newest first, each with progress and an estimate of the time left; empty for limit 0. */
    public List<SweepView> sweeps(int limit, int offset) {
        if (limit == 0) {
            return List.of(); // the contract allows limit 0; the repository asks for at least one row
        }
        return sweeps.list(limit, offset).stream().map(this::sweepView).toList();
    }

    /** One sweep with progress and an estimate of the time left; NotFoundException when absent. */
    public SweepView sweep(SweepId sweepId) {
        return sweepView(requireSweep(sweepId));
    }

    /** Every trial of the sweep in plan order, with its result columns when completed. */
    public List<TrialView> trials(SweepId sweepId) {
        return trialPage(new TrialPageQuery(sweepId, null, null, TrialSort.INDEX, false, MAX_ROWS, 0))
                .trials();
    }

    /** One page of the sweep's trials, filtered and ordered by the database, with the matching total. */
    public TrialPageView trialPage(TrialPageQuery query) {
        requireSweep(query.sweepId());
        TrialPage page = trials.page(query);
        TrialViews.References references = references(query.sweepId());
        List<TrialView> views = page.rows().stream()
                .map(row -> TrialViews.trialView(row.trial(), row.result(), references))
                .toList();
        return new TrialPageView(views, page.total());
    }

    /** One trial with configuration, attempts, per-epoch metrics and result; NotFoundException when absent. */
    public TrialDetail trial(TrialId trialId) {
        StoredTrial trial =
                trials.find(trialId).orElseThrow(() -> new NotFoundException("trial " + trialId + " does not exist"));
        TrialResult result = trials.result(trialId).orElse(null);
        return new TrialDetail(
                TrialViews.trialView(trial, result, references(trial.sweepId())),
                trial.config(),
                trials.attempts(trialId),
                trials.metrics(trialId),
                result,
                trials.reusedFrom(trialId).orElse(null));
    }

    /**
     * Completed and running trials, best top-1 first; method filter applied after Δ vs dense is computed. Across
     * sweeps (no {@code sweepId}) it ranks compression trials only: a customization trial's top-1 is its fidelity,
     * so it is listed in its own sweep's leaderboard and customization view, never beside compressed models.
     */
    public List<LeaderboardEntry> leaderboard(String dataset, String model, String method, SweepId sweepId) {
        List<LeaderboardRow> rows =
                leaderboard.query(new LeaderboardFilter(dataset, model, null, sweepId, MAX_ROWS, 0));
        return Leaderboard.entries(rows).stream()
                .filter(e -> method == null || method.equals(e.method()))
                .filter(e -> sweepId != null || !isCustomizationMethod(e.method()))
                .toList();
    }

    /** Whether {@code method} is a customization method (its trials are not compressed models). */
    private static boolean isCustomizationMethod(String method) {
        return CustomizationMethods.find(method).isPresent();
    }

    public List<LeaderboardEntry> sweepLeaderboard(SweepId sweepId) {
        return leaderboard(null, null, null, sweepId);
    }

    /** One sweep's points (label and budget) summarised over their seeds: mean ± 95 % interval. */
    public List<SeedSummary> sweepSummary(SweepId sweepId) {
        requireSweep(sweepId);
        return SeedSummaries.of(sweepLeaderboard(sweepId));
    }

    /**
     * A customization sweep per method and rank, and its trials with their sample grids, both in plan order (the
     * leaderboard lists the best fidelity first; the view reorders it by each trial's index).
     */
    public CustomizationView customization(SweepId sweepId) {
        requireSweep(sweepId);
        Map<Long, Integer> planIndex = new HashMap<>();
        for (StoredTrial trial : trials.listBySweep(sweepId)) {
            planIndex.put(trial.id().value(), trial.index());
        }
        List<LeaderboardEntry> inPlanOrder = sweepLeaderboard(sweepId).stream()
                .sorted(Comparator.comparingInt(entry -> planIndex.getOrDefault(entry.trialId(), Integer.MAX_VALUE)))
                .toList();
        return CustomizationSummaries.of(inPlanOrder);
    }

    /**
     * The sample grid (PNG) of a completed customization trial, read from its artifact directory.
     *
     * @throws NotFoundException when the trial has no result, is not a customization trial, or its grid is not on
     *                           this machine's disk
     */
    public byte[] samples(TrialId trialId) {
        TrialResult result = trials.result(trialId)
                .orElseThrow(() -> new NotFoundException("trial " + trialId.value() + " has no result yet"));
        if (result.customization() == null || result.artifactPath() == null) {
            throw new NotFoundException(
                    "trial " + trialId.value() + " is not a customization trial: it has no samples");
        }
        Path grid = Path.of(result.artifactPath()).resolve(CustomizationArtifacts.SAMPLES);
        try {
            return Files.readAllBytes(grid);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("the sample grid of trial " + trialId.value() + " is not at " + grid
                    + " (the orchestrator reads artifacts from the workers' shared artifact directory)");
        } catch (IOException e) {
            throw new RankSweepException("cannot read " + grid + ": " + e.getMessage(), e);
        }
    }

    /**
     * The best completed trial per dataset, model, method and budget, each with Δ top-1 against the best dense
     * trial of the same dataset and model; the method filter applies after the dense reference is found. Compression
     * trials only (see {@link #leaderboard}).
     */
    public List<BestEntry> best(String dataset, String model, String method, SweepId sweepId) {
        List<BestEntry> entries =
                Leaderboard.best(leaderboard.best(new LeaderboardFilter(dataset, model, null, sweepId, MAX_ROWS, 0)));
        return entries.stream()
                .filter(e -> method == null || method.equals(e.method()))
                .filter(e -> !isCustomizationMethod(e.method()))
                .toList();
    }

    /**
     * The sweep's successive-halving state: ladder, rungs, decisions; NotFoundException when the sweep does not
     * exist or has no scheduler.
     */
    public SchedulerView scheduler(SweepId sweepId) {
        return schedulers.view(sweepId);
    }

    /**
     * The sweep's completed trials as plot points, with the Pareto fronts against parameters and MACs marked, and
     * the hypervolume of the front under the sweep's objectives after each completed trial.
     */
    public ParetoView pareto(SweepId sweepId) {
        requireSweep(sweepId);
        List<ResultPoint> points = leaderboard.points(new LeaderboardFilter(null, null, null, sweepId, MAX_ROWS, 0));
        Set<Long> byParams = frontIds(ParetoFront.of(points, ResultPoint::params, ResultPoint::top1));
        Set<Long> byMacs = frontIds(ParetoFront.of(points, ResultPoint::macs, ResultPoint::top1));
        List<ParetoPoint> view = points.stream()
                .map(p -> new ParetoPoint(
                        p.trialId(),
                        p.label(),
                        p.method(),
                        p.budget(),
                        p.params(),
                        p.macs(),
                        p.top1(),
                        byParams.contains(p.trialId()),
                        byMacs.contains(p.trialId())))
                .toList();
        ResultPoint first = points.isEmpty() ? null : points.get(0);
        return new ParetoView(
                sweepId.value(),
                first == null ? null : first.dataset(),
                first == null ? null : first.model(),
                view,
                hypervolume(sweepId, points));
    }

    /** The series over the sweep's result points in completion order (end time, then trial id). */
    private HypervolumeSeries hypervolume(SweepId sweepId, List<ResultPoint> points) {
        SpecFacts spec = spec(sweepId);
        List<HypervolumeSeries.Completed> completed = points.stream()
                .sorted(Comparator.comparing(ResultPoint::endedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparingLong(ResultPoint::trialId))
                .map(p -> new HypervolumeSeries.Completed(
                        p.trialId(),
                        p.label(),
                        p.method(),
                        p.endedAt(),
                        Map.of(
                                "top1",
                                p.top1(),
                                "params",
                                (double) p.params(),
                                "macs",
                                (double) p.macs(),
                                "latencyMs",
                                p.latencyMsBatch64())))
                .toList();
        return HypervolumeSeries.of(spec.objectives(), spec.constraints(), completed);
    }

    private SpecFacts spec(SweepId sweepId) {
        return sweeps.specJson(sweepId)
                .map(SpecFacts::of)
                .orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
    }

    public List<Baseline> baselines(String model) {
        return baselines.list(model);
    }

    private static Set<Long> frontIds(List<ResultPoint> front) {
        return front.stream().map(ResultPoint::trialId).collect(Collectors.toSet());
    }

    private TrialViews.References references(SweepId sweepId) {
        return new TrialViews.References(
                TrialViews.bySeed(rowsOf(sweepId, DENSE)), TrialViews.bySeed(rowsOf(sweepId, DENSE_FT)));
    }

    private List<LeaderboardRow> rowsOf(SweepId sweepId, String method) {
        return leaderboard.query(new LeaderboardFilter(null, null, method, sweepId, MAX_ROWS, 0));
    }

    private StoredSweep requireSweep(SweepId sweepId) {
        return sweeps.find(sweepId).orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
    }

    /** The spec's {@code scheduler.algorithm}; null for a sweep without a scheduler. */
    private static String schedulerOf(String specJson) {
        SchedulerSpec scheduler = SpecFacts.of(specJson).scheduler();
        return scheduler == null ? null : scheduler.algorithm();
    }

    /** Whether the spec has {@code customization:}: a customization sweep. */
    private static boolean customizes(String specJson) {
        return Json.read(specJson, JsonNode.class).path("customization").isObject();
    }

    private SweepView sweepView(StoredSweep sweep) {
        SweepProgress progress = sweeps.progress(sweep.id());
        int done = progress.terminalCount();
        Long etaSeconds = sweep.state().isTerminal()
                ? null
                : SweepEta.secondsLeft(sweep.startedAt(), Instant.now(), done, sweep.trialCount());
        String specJson = sweeps.specJson(sweep.id()).orElse(null);
        return new SweepView(
                sweep.id(),
                sweep.name(),
                sweep.state(),
                sweep.trialCount(),
                done,
                progress.counts(),
                sweep.createdAt(),
                sweep.startedAt(),
                sweep.endedAt(),
                etaSeconds,
                specJson == null ? null : schedulerOf(specJson),
                specJson != null && customizes(specJson));
    }
}
