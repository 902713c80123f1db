package org.ranksweep.orchestrator.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.ranksweep.core.asha.AshaDecision;
import org.ranksweep.core.asha.AshaEvent;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.lifecycle.LifecycleEvent;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository.NewSchedulerEvent;
import org.ranksweep.db.scheduler.StoredSchedulerEvent;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweeps whose trials successive halving schedules ({@code scheduler:} in their spec). Each sweep's
 * {@link HalvingSweep} decides which trial runs to which rung; what it decides comes back as {@link Decided}: the new
 * history entries and the trials they concern, which the state machine stores in {@code scheduler_events} in the
 * transaction that moves those trials (the transaction of the worker events that led to them, when there were any),
 * so no move commits without its history; when it does not commit, the sweep is rebuilt from what is stored. A
 * restarted orchestrator replays the history and {@link #moveFor} brings every stored trial to where it puts it (a
 * trial paused at a rung whose report was not stored yet runs its rung again and resumes from the checkpoint there).
 * How many trials of a sweep run or wait in the queue at once follows the cluster's worker slots, so a promotion
 * waits for a free slot, not behind every new trial; a sweep of short attempts keeps sixteen per slot. Not thread-safe:
 * the scheduler thread only.
 */
final class SuccessiveHalving {

    private static final Logger LOG = LoggerFactory.getLogger(SuccessiveHalving.class);
    private static final int SWEEP_PAGE = 1_000;
    /**
     * How long a count of the cluster's worker slots is used before it is read again: counting reads every worker's
     * heartbeat from the cluster, which cost about a tenth of the scheduler thread when done for every batch of
     * rung reports; workers join and leave far more rarely.
     */
    private static final long SLOTS_MAX_AGE_NANOS = Duration.ofSeconds(1).toNanos();
    /**
     * Trials of a sweep whose attempts are short ({@link HalvingSweep#runsShortAttempts}) queued or running per
     * worker slot: a slot that finishes one finds the next already queued instead of waiting for the report to be
     * stored and the next trial decided, and the scheduler takes the reports of many attempts in one batch (with 2,
     * 4 and 8 per slot the no-op benchmark's workers still waited for work: benchmarks/dispatch.md). A promotion waits
     * behind at most this many queued attempts per slot, and since the time from deciding an attempt to its report
     * includes that wait, a sweep keeps this many only while its median stays under 250 ms; long attempts keep one
     * per slot, so a promotion never waits behind new trials that each train for minutes.
     */
    private static final int SHORT_ATTEMPTS_PER_SLOT = 16;

    private final JdbcSchedulerEventRepository events;
    private final JdbcSweepRepository sweeps;
    private final JdbcTrialRepository trials;
    private final IntSupplier slots;
    private final Clock clock;
    private int slotCount;
    /** When {@link #slotCount} was read ({@link System#nanoTime()}); null before the first read. */
    private Long slotsCountedAt;

    private final Map<SweepId, HalvingSweep> bySweep = new HashMap<>();
    private final Map<TrialId, HalvingSweep> byTrial = new HashMap<>();
    /** Sweeps whose history could not be stored or read: rebuilt from the database by {@link #reload}. */
    private final Set<SweepId> toReload = new LinkedHashSet<>();
    /** Why the last {@link #reload} left a sweep unbuilt; null when it rebuilt every one. */
    private RuntimeException reloadFailure;
    /**
     * Sweeps with a scheduler whose spec or history could not be read when the orchestrator started: their trials
     * are left where they are (not run as if the sweep had no scheduler) until the sweep is cancelled.
     */
    private final Set<SweepId> unreadable = new LinkedHashSet<>();

    /**
     * What worker events tell successive halving about one trial, in arrival order, once their decisions are
     * written.
     */
    sealed interface Input permits Input.RungReport, Input.Drop {

        TrialId trialId();

        /** The trial's running attempt reported its rung at {@code epoch} (its pause, if any, is written). */
        record RungReport(TrialId trialId, int epoch, Map<String, Double> metrics) implements Input {}

        /** The trial will never report again (failed for good, cancelled). */
        record Drop(TrialId trialId, String reason) implements Input {}
    }

    /**
     * A sweep's history entries not stored yet (at positions {@code firstSeq}, ...) and the trials they decided about:
     * stored and moved in one transaction, then acknowledged with {@link #stored} or {@link #notStored}.
     */
    record Decided(SweepId sweepId, int firstSeq, List<NewSchedulerEvent> entries, List<TrialId> trials) {

        static Decided nothing(SweepId sweepId) {
            return new Decided(sweepId, 0, List.of(), List.of());
        }

        /** Trials to bring where their sweep's stored history puts them, nothing new to store (no sweep named). */
        static Decided movesOnly(List<TrialId> trials) {
            return new Decided(null, 0, List.of(), trials);
        }

        boolean isEmpty() {
            return entries.isEmpty() && trials.isEmpty();
        }
    }

    /** @param slots the cluster's worker slots now; at least one trial of a sweep runs even when it reports none */
    SuccessiveHalving(
            JdbcSchedulerEventRepository events,
            JdbcSweepRepository sweeps,
            JdbcTrialRepository trials,
            IntSupplier slots,
            Clock clock) {
        this.events = events;
        this.sweeps = sweeps;
        this.trials = trials;
        this.slots = slots;
        this.clock = clock;
    }

    /** Takes a new sweep; returns its first decisions. */
    Decided open(SweepId sweepId, SweepSpec spec, List<TrialId> trialIds) {
        register(HalvingSweep.open(sweepId, spec, trialIds));
        return fill(sweepId);
    }

    /** Rebuilds every running sweep with a scheduler from its stored history (after an orchestrator start). */
    List<HalvingSweep> restore() {
        for (int offset = 0; ; offset += SWEEP_PAGE) {
            List<StoredSweep> page = sweeps.list(SWEEP_PAGE, offset);
            for (StoredSweep sweep : page) {
                if (sweep.state() == SweepState.RUNNING && !bySweep.containsKey(sweep.id())) {
                    loadOrSetAside(sweep.id());
                }
            }
            if (page.size() < SWEEP_PAGE) {
                break;
            }
        }
        return List.copyOf(bySweep.values());
    }

    /**
     * Loads a sweep; one whose spec or history cannot be read is set aside, logged, and its trials are left where
     * they are (not run to the end as if it had no scheduler), so the orchestrator still starts.
     */
    private void loadOrSetAside(SweepId sweepId) {
        try {
            load(sweepId);
            unreadable.remove(sweepId);
        } catch (RuntimeException e) {
            unreadable.add(sweepId);
            LOG.error(
                    "successive-halving sweep sweepId={} could not be rebuilt from its spec and history; its trials"
                            + " are not scheduled until it can be (or it is cancelled)",
                    sweepId,
                    e);
        }
    }

    private void load(SweepId sweepId) {
        String json = sweeps.specJson(sweepId).orElse(null);
        // Look for the key before reading the whole spec: most sweeps have no scheduler, and a spec stored by an
        // earlier version (or a test fixture's bare {"name": ...}) need not read as today's SweepSpec.
        if (json == null || !Json.read(json, JsonNode.class).path("scheduler").isObject()) {
            return;
        }
        SweepSpec spec = Json.read(json, SweepSpec.class);
        List<TrialId> trialIds =
                trials.listBySweep(sweepId).stream().map(StoredTrial::id).toList();
        List<AshaEvent> history =
                events.list(sweepId).stream().map(StoredSchedulerEvent::event).toList();
        HalvingSweep sweep = HalvingSweep.replay(sweepId, spec, trialIds, history);
        register(sweep);
        LOG.info(
                "successive halving resumed sweepId={} historyEntries={} finished={}",
                sweepId,
                history.size(),
                sweep.isFinished());
    }

    private void register(HalvingSweep sweep) {
        bySweep.put(sweep.sweepId(), sweep);
        sweep.trials().forEach(trialId -> byTrial.put(trialId, sweep));
    }

    /** The sweeps successive halving runs now. */
    Set<SweepId> sweeps() {
        return Set.copyOf(bySweep.keySet());
    }

    /** Forgets the sweeps that have ended (their trials are all terminal): nothing is left to decide. */
    void forgetEnded() {
        for (SweepId sweepId : sweeps()) {
            if (sweeps.find(sweepId).map(sweep -> sweep.state().isTerminal()).orElse(true)) {
                forget(sweepId);
            }
        }
    }

    boolean governs(SweepId sweepId) {
        return bySweep.containsKey(sweepId) || unreadable.contains(sweepId);
    }

    boolean governs(TrialId trialId) {
        return byTrial.containsKey(trialId);
    }

    /** The epoch the trial's next attempt runs to; null for a trial successive halving does not run now. */
    Integer rungEpoch(TrialId trialId) {
        HalvingSweep sweep = byTrial.get(trialId);
        return sweep == null ? null : sweep.rungEpoch(trialId);
    }

    /** Whether ASHA has the trial running up to exactly {@code epoch} now. */
    boolean runsTo(TrialId trialId, int epoch) {
        Integer rungEpoch = rungEpoch(trialId);
        return rungEpoch != null && rungEpoch == epoch;
    }

    /** Starts or promotes trials of the sweep into free slots. */
    Decided fill(SweepId sweepId) {
        HalvingSweep sweep = bySweep.get(sweepId);
        if (sweep == null) {
            return Decided.nothing(sweepId);
        }
        return decided(sweep, sweep.fill(capacity(sweep)));
    }

    /** The sweep's unstored entries and {@code trials}, the trials they decided about. */
    private static Decided decided(HalvingSweep sweep, List<TrialId> trials) {
        return new Decided(sweep.sweepId(), sweep.recorded(), sweep.unrecorded(), trials);
    }

    /**
     * How many trials of the sweep may be running or queued at once: the cluster's worker slots (at least one),
     * {@link #SHORT_ATTEMPTS_PER_SLOT} times that while its attempts are short.
     */
    private int capacity(HalvingSweep sweep) {
        long now = System.nanoTime();
        if (slotsCountedAt == null || now - slotsCountedAt >= SLOTS_MAX_AGE_NANOS) {
            slotCount = slots.getAsInt();
            slotsCountedAt = now;
        }
        return Math.max(1, slotCount) * (sweep.runsShortAttempts() ? SHORT_ATTEMPTS_PER_SLOT : 1);
    }

    /**
     * The rung reports and drops of a batch of worker events whose decisions are written, given to their sweeps in
     * arrival order; then each sweep touched fills the slots they freed. Returns, per sweep, every new history entry
     * (reports, decisions, starts and promotions) and the trials decided about, to be stored and moved in the batch's
     * transaction; until {@link #stored} or {@link #notStored} says how it ended, the entries count as unstored.
     */
    List<Decided> accept(List<Input> inputs) {
        Map<HalvingSweep, List<TrialId>> decidedBySweep = new LinkedHashMap<>();
        for (Input input : inputs) {
            HalvingSweep sweep = byTrial.get(input.trialId());
            if (sweep == null) {
                continue;
            }
            try {
                decidedBySweep.computeIfAbsent(sweep, key -> new ArrayList<>()).addAll(decide(sweep, input));
            } catch (RuntimeException e) {
                // What it decided in memory is not what is stored: rebuilt from the store, its trials moved from there.
                LOG.error(
                        "successive-halving sweep sweepId={} failed on {}; it is rebuilt from what is stored",
                        sweep.sweepId(),
                        input,
                        e);
                decidedBySweep.remove(sweep);
                forget(sweep.sweepId());
                toReload.add(sweep.sweepId());
            }
        }
        List<Decided> decided = new ArrayList<>();
        for (Map.Entry<HalvingSweep, List<TrialId>> entry : decidedBySweep.entrySet()) {
            HalvingSweep sweep = entry.getKey();
            decided.add(decided(sweep, concat(entry.getValue(), sweep.fill(capacity(sweep)))));
        }
        return decided;
    }

    /** One input's decisions, in memory only: the trials decided about (the input's own trial first). */
    private static List<TrialId> decide(HalvingSweep sweep, Input input) {
        if (input instanceof Input.Drop drop) {
            return sweep.drop(drop.trialId(), drop.reason());
        }
        Input.RungReport report = (Input.RungReport) input;
        Optional<String> missing = sweep.missingMetric(report.metrics());
        if (missing.isPresent()) {
            return sweep.drop(
                    report.trialId(), "its rung report at epoch " + report.epoch() + " has no " + missing.get());
        }
        Optional<List<TrialId>> decided = sweep.report(report.trialId(), report.epoch(), report.metrics());
        if (decided.isEmpty()) {
            LOG.warn(
                    "rung report of trialId={} at epoch {} not expected by the scheduler; ignored",
                    report.trialId(),
                    report.epoch());
            return List.of();
        }
        return decided.get();
    }

    /** A trial that will never report again leaves its rung, and the slot it held is filled; null when ungoverned. */
    Decided drop(TrialId trialId, String reason) {
        HalvingSweep sweep = byTrial.get(trialId);
        if (sweep == null) {
            return null;
        }
        List<TrialId> decided = sweep.drop(trialId, reason);
        if (decided.isEmpty()) {
            return Decided.nothing(sweep.sweepId());
        }
        return decided(sweep, concat(decided, sweep.fill(capacity(sweep))));
    }

    /** Forgets a sweep that ended (cancelled): its trials are moved no more. */
    void forget(SweepId sweepId) {
        unreadable.remove(sweepId);
        HalvingSweep sweep = bySweep.remove(sweepId);
        if (sweep != null) {
            sweep.trials().forEach(byTrial::remove);
        }
    }

    /**
     * The lifecycle event that brings the stored trial where its sweep's history puts it, or null when it is there
     * (or nothing can bring it there).
     */
    LifecycleEvent moveFor(StoredTrial trial) {
        HalvingSweep sweep = byTrial.get(trial.id());
        if (sweep == null) {
            return null;
        }
        HalvingSweep.View view = sweep.view(trial.id());
        TrialState state = trial.state();
        return switch (view.place()) {
            case RUNNING ->
                state == TrialState.PENDING
                        ? new LifecycleEvent.Enqueued()
                        : state == TrialState.PAUSED ? new LifecycleEvent.Promoted() : null;
            case PRUNED -> isLive(state) ? new LifecycleEvent.Pruned(prunedReason(view)) : null;
            case DROPPED ->
                state == TrialState.PAUSED
                        ? new LifecycleEvent.Pruned(((AshaEvent.Dropped) view.last()).reason())
                        : null;
            default -> null;
        };
    }

    private static boolean isLive(TrialState state) {
        return state == TrialState.PAUSED || state == TrialState.QUEUED || state == TrialState.RUNNING;
    }

    /** Trials ASHA has running whose stored state says they will never report: dropped, and their slots filled. */
    Decided dropEnded(HalvingSweep sweep) {
        List<TrialId> decided = new ArrayList<>();
        for (StoredTrial trial : trials.listBySweep(sweep.sweepId())) {
            if (sweep.view(trial.id()).place() == HalvingSweep.Place.RUNNING
                    && trial.state().isTerminal()) {
                decided.addAll(sweep.drop(trial.id(), "trial " + trial.state() + " without its rung report"));
            }
        }
        return decided.isEmpty()
                ? Decided.nothing(sweep.sweepId())
                : decided(sweep, concat(decided, sweep.fill(capacity(sweep))));
    }

    private static String prunedReason(HalvingSweep.View view) {
        AshaDecision.Pruned pruned = (AshaDecision.Pruned) view.last();
        return "pruned at rung " + pruned.rung() + " (" + view.epochs() + (view.epochs() == 1 ? " epoch" : " epochs")
                + "): ranked " + pruned.rank() + " of " + pruned.of() + " there, not among those promoted";
    }

    /**
     * Rebuilds the sweeps whose history could not be stored from what is stored; returns them, so their trials can
     * be brought where that history puts them.
     */
    List<HalvingSweep> reload() {
        List<HalvingSweep> reloaded = new ArrayList<>();
        reloadFailure = null;
        for (SweepId sweepId : List.copyOf(toReload)) {
            try {
                load(sweepId);
                toReload.remove(sweepId);
            } catch (RuntimeException e) {
                LOG.warn("successive-halving sweep sweepId={} not rebuilt yet: {}", sweepId, e.toString());
                reloadFailure = e;
                continue;
            }
            Optional.ofNullable(bySweep.get(sweepId)).ifPresent(reloaded::add);
        }
        return reloaded;
    }

    /** Whether some sweep waits to be rebuilt from what is stored ({@link #reload}). */
    boolean rebuilding() {
        return !toReload.isEmpty();
    }

    /** Why the last {@link #reload} left a sweep unbuilt; null when it rebuilt every one it tried. */
    RuntimeException reloadFailure() {
        return reloadFailure;
    }

    /**
     * Writes the decided entries in the caller's transaction (the one that moves the decided trials); the caller
     * then says whether it committed ({@link #stored}) or not ({@link #notStored}).
     */
    void write(Connection connection, Decided decided) throws SQLException {
        if (!decided.entries().isEmpty()) {
            events.append(connection, decided.sweepId(), decided.firstSeq(), decided.entries(), clock.instant());
        }
    }

    /** The decided entries are committed. */
    void stored(Decided decided) {
        HalvingSweep sweep = bySweep.get(decided.sweepId());
        if (sweep != null && !decided.entries().isEmpty()) {
            sweep.markRecorded(decided.entries().size());
        }
    }

    /**
     * The decided entries could not be stored: the sweep is forgotten until {@link #reload} rebuilds it from the
     * stored part, so nothing is decided on a history the database does not hold.
     */
    void notStored(Decided decided, Exception failure) {
        if (decided.entries().isEmpty()) {
            return;
        }
        LOG.warn(
                "history of successive-halving sweep sweepId={} not stored ({}); it is rebuilt from what is",
                decided.sweepId(),
                failure.toString());
        forget(decided.sweepId());
        toReload.add(decided.sweepId());
    }

    private static List<TrialId> concat(Collection<TrialId> first, Collection<TrialId> second) {
        List<TrialId> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
