package org.ranksweep.orchestrator.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.asha.AshaConfig;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.asha.AshaScheduler;
import org.ranksweep.core.asha.ResultRanker;
import org.ranksweep.core.asha.RungResult;
import org.ranksweep.core.asha.Standing;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.spec.SchedulerSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.scheduler.StoredSchedulerEvent;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a successive-halving sweep's state for people and the dashboard ({@link SchedulerView}): the ladder from
 * the spec, the rungs and decisions from the stored history in {@code scheduler_events}, each decision's standings
 * from ASHA re-deciding that history, the counts from the trials' states. Rungs are ranked with the ranker the
 * scheduler uses ({@link ResultRanker#forObjectives}). Every call blocks on JDBC: call it from a worker pool.
 * Thread-safe.
 */
public final class SchedulerReport {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerReport.class);

    private final JdbcSweepRepository sweeps;
    private final JdbcTrialRepository trials;
    private final JdbcSchedulerEventRepository events;

    public SchedulerReport(
            JdbcSweepRepository sweeps, JdbcTrialRepository trials, JdbcSchedulerEventRepository events) {
        this.sweeps = sweeps;
        this.trials = trials;
        this.events = events;
    }

    /**
     * The sweep's successive-halving state.
     *
     * @throws NotFoundException when the sweep does not exist or has no scheduler
     */
    public SchedulerView view(SweepId sweepId) {
        SpecFacts spec = spec(sweepId);
        SchedulerSpec scheduler = spec.scheduler();
        if (scheduler == null) {
            throw new NotFoundException("sweep " + sweepId + " has no scheduler: its spec has no scheduler key, "
                    + "so every trial runs its full recipe and there are no rungs to show");
        }
        List<StoredTrial> stored = trials.listBySweep(sweepId);
        Map<Integer, StoredTrial> byIndex = new HashMap<>();
        stored.forEach(trial -> byIndex.put(trial.index(), trial));
        List<StoredSchedulerEvent> history = events.list(sweepId);
        ResultRanker ranker = ResultRanker.forObjectives(spec.objectives(), spec.constraints());
        History replayed =
                new History(scheduler, byIndex, standings(sweepId, scheduler, stored.size(), ranker, history));
        history.forEach(replayed::apply);
        return new SchedulerView(
                sweepId.value(),
                scheduler.algorithm(),
                scheduler.resource(),
                scheduler.min(),
                scheduler.max(),
                scheduler.eta(),
                spec.objectives(),
                spec.constraints().stream().map(Constraint::toString).toList(),
                counts(stored),
                replayed.brackets(ranker),
                replayed.decisions);
    }

    /**
     * The standings behind each of the history's promotions, completions and prunings, in their order: stored
     * entries keep only the decided trial's place, so ASHA re-decides the history (as a restarted orchestrator
     * does) and hands out each rung's standings as it decides. A history that does not replay gives standings up
     * to where it diverges, and none after.
     */
    private static Deque<Audited> standings(
            SweepId sweepId,
            SchedulerSpec scheduler,
            int configurations,
            ResultRanker ranker,
            List<StoredSchedulerEvent> history) {
        Deque<Audited> standings = new ArrayDeque<>();
        List<AshaEvent> entries =
                history.stream().map(StoredSchedulerEvent::event).toList();
        try {
            AshaScheduler.replay(
                    scheduler.ladder(),
                    configurations,
                    ranker,
                    scheduler.hyperband(),
                    entries,
                    (decision, rung) -> standings.add(new Audited(decision, rung)));
        } catch (ConflictException | NotFoundException e) {
            LOG.warn(
                    "sweepId={} history does not replay, decisions after the divergence show no standings: {}",
                    sweepId,
                    e.getMessage());
        }
        return standings;
    }

    /** A re-decided decision with the standings it was taken on. */
    private record Audited(AshaDecision decision, List<Standing> standings) {}

    private SpecFacts spec(SweepId sweepId) {
        return sweeps.specJson(sweepId)
                .map(SpecFacts::of)
                .orElseThrow(() -> new NotFoundException("sweep " + sweepId + " does not exist"));
    }

    private static SchedulerView.Counts counts(List<StoredTrial> stored) {
        int running = 0;
        int paused = 0;
        int pruned = 0;
        int completed = 0;
        for (StoredTrial trial : stored) {
            switch (trial.state()) {
                case QUEUED, RUNNING -> running++;
                case PAUSED -> paused++;
                case PRUNED -> pruned++;
                case COMPLETED -> completed++;
                default -> {}
            }
        }
        return new SchedulerView.Counts(running, paused, pruned, completed);
    }

    /** The history replayed into rungs and decisions. Not thread-safe: one per call. */
    private static final class History {

        private final List<List<Integer>> ladders = new ArrayList<>();
        private final Map<Integer, StoredTrial> byIndex;
        /** Per bracket and rung, the reports in arrival order, keyed by trial index. */
        private final List<List<Map<Integer, RungResult>>> reports = new ArrayList<>();

        private final Map<String, SchedulerView.Status> statuses = new HashMap<>();
        private final Map<Integer, Integer> bracketOf = new HashMap<>();
        private final Map<Integer, Integer> runningRung = new HashMap<>();
        private final List<SchedulerView.Decision> decisions = new ArrayList<>();
        /** The re-decided promotions, completions and prunings still to come, in order, with their standings. */
        private final Deque<Audited> standings;

        History(SchedulerSpec scheduler, Map<Integer, StoredTrial> byIndex, Deque<Audited> standings) {
            this.byIndex = byIndex;
            this.standings = standings;
            AshaConfig ladder = scheduler.ladder();
            List<Integer> resources = ladder.resources();
            int brackets = scheduler.hyperband() ? resources.size() : 1;
            for (int s = 0; s < brackets; s++) {
                List<Integer> epochs = resources.subList(s, resources.size());
                ladders.add(List.copyOf(epochs));
                List<Map<Integer, RungResult>> rungs = new ArrayList<>();
                epochs.forEach(epoch -> rungs.add(new LinkedHashMap<>()));
                reports.add(rungs);
            }
        }

        void apply(StoredSchedulerEvent stored) {
            AshaEvent event = stored.event();
            int index = event.trialId();
            if (event instanceof AshaEvent.Reported reported) {
                RungResult result = reported.result();
                int bracket = bracketOf.getOrDefault(index, 0);
                reports.get(bracket).get(result.rung()).put(index, result);
                status(index, result.rung(), SchedulerView.Status.WAITING);
                runningRung.remove(index);
                return;
            }
            if (event instanceof AshaEvent.Dropped dropped) {
                int bracket = bracketOf.getOrDefault(index, 0);
                int rung = runningRung.getOrDefault(index, 0);
                runningRung.remove(index);
                decisions.add(decision(stored, "Dropped", bracket, rung, dropped.reason(), List.of()));
                return;
            }
            AshaDecision decision = (AshaDecision) event;
            int bracket = decision.bracket();
            if (decision instanceof AshaDecision.Started started) {
                bracketOf.put(index, bracket);
                runningRung.put(index, started.rung());
                decisions.add(decision(stored, "Started", bracket, started.rung(), null, List.of()));
            } else if (decision instanceof AshaDecision.Promoted promoted) {
                runningRung.put(index, promoted.rung());
                status(index, promoted.rung() - 1, SchedulerView.Status.PROMOTED);
                decisions.add(decision(stored, "Promoted", bracket, promoted.rung(), null, standingsOf(decision)));
            } else if (decision instanceof AshaDecision.Completed completed) {
                status(index, completed.rung(), SchedulerView.Status.COMPLETED);
                decisions.add(decision(stored, "Completed", bracket, completed.rung(), null, standingsOf(decision)));
            } else if (decision instanceof AshaDecision.Pruned pruned) {
                status(index, pruned.rung(), SchedulerView.Status.PRUNED);
                decisions.add(decision(stored, "Pruned", bracket, pruned.rung(), null, standingsOf(decision)));
            }
        }

        List<SchedulerView.Bracket> brackets(ResultRanker ranker) {
            List<SchedulerView.Bracket> brackets = new ArrayList<>();
            for (int s = 0; s < ladders.size(); s++) {
                List<SchedulerView.Rung> rungs = new ArrayList<>();
                for (int rung = 0; rung < ladders.get(s).size(); rung++) {
                    List<RungResult> results =
                            new ArrayList<>(reports.get(s).get(rung).values());
                    int at = rung;
                    List<SchedulerView.RungEntry> entries = ranker.rank(results).stream()
                            .map(result -> new SchedulerView.RungEntry(
                                    trialId(result.trialId()),
                                    label(result.trialId()),
                                    result.trialId(),
                                    result.metrics(),
                                    statuses.get(key(result.trialId(), at))))
                            .toList();
                    rungs.add(new SchedulerView.Rung(rung, ladders.get(s).get(rung), entries));
                }
                brackets.add(new SchedulerView.Bracket(s, ladders.get(s), rungs));
            }
            return brackets;
        }

        private SchedulerView.Decision decision(
                StoredSchedulerEvent stored,
                String kind,
                int bracket,
                int rung,
                String reason,
                List<Standing> standings) {
            int index = stored.event().trialId();
            return new SchedulerView.Decision(
                    stored.seq(),
                    stored.recordedAt(),
                    kind,
                    stored.trialId().value(),
                    label(index),
                    index,
                    bracket,
                    rung,
                    ladders.get(bracket).get(rung),
                    reason,
                    standings.stream()
                            .map(standing -> new SchedulerView.StandingEntry(
                                    trialId(standing.trialId()),
                                    label(standing.trialId()),
                                    standing.trialId(),
                                    standing.metrics(),
                                    standing.promoted()))
                            .toList());
        }

        /** The standings ASHA took the stored decision on; none once the replay no longer agrees with the history. */
        private List<Standing> standingsOf(AshaDecision stored) {
            Audited next = standings.poll();
            if (next == null || !next.decision().equals(stored)) {
                standings.clear();
                return List.of();
            }
            return next.standings();
        }

        private void status(int index, int rung, SchedulerView.Status status) {
            statuses.put(key(index, rung), status);
        }

        private static String key(int index, int rung) {
            return index + "@" + rung;
        }

        private long trialId(int index) {
            StoredTrial trial = byIndex.get(index);
            return trial == null ? -1 : trial.id().value();
        }

        private String label(int index) {
            StoredTrial trial = byIndex.get(index);
            return trial == null ? "trial " + index : trial.label();
        }
    }
}
