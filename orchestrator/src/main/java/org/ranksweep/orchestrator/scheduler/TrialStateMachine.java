package org.ranksweep.orchestrator.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.RungReached;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialProgressed;
import org.ranksweep.core.lifecycle.Decision;
import org.ranksweep.core.lifecycle.LifecycleEvent;
import org.ranksweep.core.lifecycle.TrialLifecycle;
import org.ranksweep.core.lifecycle.TrialSnapshot;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.SqlErrors;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.db.trial.TrialBatch;
import org.ranksweep.orchestrator.fanout.Fanout;
import org.ranksweep.orchestrator.fanout.FanoutEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the trial lifecycle of docs/architecture.md: every change of a trial is decided by
 * {@link TrialLifecycle#decide} on the trial as a {@link TrialBatch} holds it, the decision is stored in that batch,
 * and what it asks of the cluster and the dashboards runs only after the commit ({@link Effects}). PostgreSQL is the
 * source of truth. Worker events are applied in batches: one transaction decides all of them in arrival order, each
 * seeing the decisions before it. Lost attempts, restarts and lost queue items are found by {@link TrialRecovery}.
 * Not thread-safe: only the {@link Scheduler}'s thread calls it.
 */
public final class TrialStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(TrialStateMachine.class);
    /** Trials queued per transaction and cluster call when a sweep starts: workers start on the first chunk. */
    private static final int ENQUEUE_CHUNK = 1_000;

    private static final String SWEEP_CANCELLED = "sweep cancelled";

    private final JdbcTrialRepository trials;
    private final HazelcastTrialQueue queue;
    private final HazelcastLeaseBoard leases;
    private final DecisionEffects decisionEffects;
    private final SuccessiveHalving halving;
    /** Trials of successive-halving sweeps whose move a failed transaction undid, moved again by fillHalving. */
    private final Set<TrialId> unsettled = new LinkedHashSet<>();

    private final Fanout fanout;
    private final SweepCompletion completion;
    private final Clock clock;
    private final Duration leaseDuration;
    /** Sweep of each trial seen, so progress events need no database read. */
    private final Map<TrialId, SweepId> sweepOfTrial = new ConcurrentHashMap<>();

    public TrialStateMachine(Stores stores, Cluster cluster, Fanout fanout, Clock clock, Duration leaseDuration) {
        this.trials = stores.trials();
        this.queue = cluster.queue();
        this.leases = cluster.leases();
        this.halving = new SuccessiveHalving(
                stores.schedulerEvents(), stores.sweeps(), stores.trials(), cluster.slots(), clock);
        this.decisionEffects = new DecisionEffects(cluster.leases(), halving::rungEpoch);
        this.fanout = fanout;
        this.completion = new SweepCompletion(stores.sweeps(), fanout);
        this.clock = clock;
        this.leaseDuration = leaseDuration;
    }

    /** The repositories the state machine writes to. */
    public record Stores(
            JdbcSweepRepository sweeps, JdbcTrialRepository trials, JdbcSchedulerEventRepository schedulerEvents) {}

    /**
     * Where trials wait for a worker, where running attempts hold their leases, and how many worker slots the
     * cluster has now (how many trials of a successive-halving sweep run at once).
     */
    public record Cluster(HazelcastTrialQueue queue, HazelcastLeaseBoard leases, IntSupplier slots) {}

    void publish(FanoutEvent event) {
        fanout.publish(event);
    }

    /**
     * Completes trials identical to an earlier completed one (unless rerun), queues the rest. {@code trialIds} are
     * the ids the sweep's trials were stored under, in the order of {@code plan}.
     */
    void startTrials(SweepId sweepId, List<TrialId> trialIds, List<PlannedTrial> plan, boolean rerun) {
        if (trialIds.size() != plan.size()) {
            throw new IllegalArgumentException(
                    "sweep " + sweepId + " has " + trialIds.size() + " trials, its plan " + plan.size());
        }
        Map<String, StoredTrial> earlier = rerun
                ? Map.of()
                : trials.findCompletedByHashes(
                        plan.stream().map(PlannedTrial::contentHash).toList());
        Map<TrialId, TrialId> reused = new LinkedHashMap<>();
        List<TrialId> pending = new ArrayList<>();
        for (int index = 0; index < trialIds.size(); index++) {
            TrialId trialId = trialIds.get(index);
            sweepOfTrial.put(trialId, sweepId);
            StoredTrial source = earlier.get(plan.get(index).contentHash());
            if (source != null && !source.id().equals(trialId)) {
                reused.put(trialId, source.id());
            } else {
                pending.add(trialId);
            }
        }
        decideAndRun(reused.keySet(), trialId -> new LifecycleEvent.Reused(reused.get(trialId)));
        enqueue(pending);
        completion.finishIfDone(sweepId);
    }

    /**
     * Starts a sweep whose spec has a scheduler: successive halving decides which trials run, to which rung, and
     * when. Its trials stay PENDING until started; results of identical earlier trials are not reused, since every
     * trial has to report at its rungs.
     */
    void startHalving(SweepId sweepId, SweepSpec spec, List<TrialId> trialIds) {
        trialIds.forEach(trialId -> sweepOfTrial.put(trialId, sweepId));
        move(halving.open(sweepId, spec, trialIds));
    }

    /** Whether successive halving schedules the sweep's trials. */
    boolean isHalving(SweepId sweepId) {
        return halving.governs(sweepId);
    }

    /**
     * After an orchestrator start: rebuilds the successive-halving sweeps from their stored histories and brings
     * their trials where the histories put them (see {@link SuccessiveHalving}).
     */
    void restoreHalving() {
        settle(halving.restore());
    }

    /**
     * Starts or promotes trials of successive-halving sweeps into slots freed or added, moves again the trials a
     * failed transaction left where they were, and rebuilds sweeps whose history could not be stored.
     */
    void fillHalving() {
        if (!unsettled.isEmpty()) {
            List<TrialId> again = List.copyOf(unsettled);
            unsettled.clear();
            move(again);
        }
        settle(halving.reload());
        halving.forgetEnded();
        for (SweepId sweepId : halving.sweeps()) {
            move(halving.fill(sweepId));
        }
    }

    private void settle(List<HalvingSweep> sweeps) {
        for (HalvingSweep sweep : sweeps) {
            sweep.trials().forEach(trialId -> sweepOfTrial.put(trialId, sweep.sweepId()));
            move(halving.dropEnded(sweep));
            move(sweep.trials());
            move(halving.fill(sweep.sweepId()));
            completion.finishIfDone(sweep.sweepId());
        }
    }

    /** Brings trials where their sweep's stored history puts them; nothing new is decided. */
    private void move(List<TrialId> trialIds) {
        move(SuccessiveHalving.Decided.movesOnly(trialIds));
    }

    /**
     * Stores a successive-halving sweep's new history entries and brings the trials they decided about where the
     * history puts them (queued, promoted, pruned), in a transaction of its own (see {@link #storeAndMove}). A
     * promotion the trial has no attempt left for prunes it instead, saying so.
     */
    private void move(SuccessiveHalving.Decided decided) {
        if (decided == null || decided.isEmpty()) {
            return;
        }
        Effects effects = new Effects();
        HalvingCommit commit = new HalvingCommit();
        commit.attempted(decided);
        try {
            trials.inBatch(
                    List.of(),
                    batch -> null,
                    (connection, written) -> storeAndMove(connection, written, decided, effects, commit));
        } catch (RuntimeException e) {
            commit.rolledBack(e);
            throw e;
        }
        commit.committed();
        run(effects);
    }

    /**
     * Applies worker events, in arrival order, in one transaction and returns what the cluster and dashboards must
     * be told once it has committed ({@link #run}). The rung reports and drops among them go to successive halving
     * in the same transaction, which stores its decisions and moves the trials they concern before it commits
     * ({@link #storeAndMove}), so a batch of reports costs one commit. Throws (changing nothing) when the transaction
     * fails; successive halving then forgets what it decided and is rebuilt from what is stored before the events
     * are applied again.
     */
    Effects apply(List<TrialEvent> events) {
        rebuildHalving();
        Set<TrialId> touched = new LinkedHashSet<>();
        for (TrialEvent event : events) {
            if (!(event instanceof TrialProgressed)) {
                touched.add(event.trialId());
            }
        }
        Effects effects = new Effects();
        HalvingCommit commit = new HalvingCommit();
        try {
            trials.inBatch(
                    touched,
                    batch -> {
                        for (TrialEvent event : events) {
                            apply(batch, effects, event);
                        }
                        return null;
                    },
                    (connection, written) -> {
                        List<SuccessiveHalving.Input> inputs = effects.takeHalvingInputs();
                        List<SuccessiveHalving.Decided> decided = inputs.isEmpty() ? List.of() : halving.accept(inputs);
                        // Every sweep decided about is acknowledged, also those a failure stops before their turn.
                        decided.forEach(commit::attempted);
                        TrialBatch held = written;
                        for (SuccessiveHalving.Decided sweepDecided : decided) {
                            held = storeAndMove(connection, held, sweepDecided, effects, commit);
                        }
                    });
        } catch (RuntimeException e) {
            commit.rolledBack(e);
            throw e;
        }
        commit.committed();
        return effects;
    }

    /**
     * Before a batch is applied, sweeps whose history was not stored are rebuilt from what is: a batch retried after
     * its transaction failed must meet the sweep as the database holds it, not with the batch's reports already
     * taken in memory. Fails, to be retried, while the database cannot be read.
     */
    private void rebuildHalving() {
        if (!halving.rebuilding()) {
            return;
        }
        settle(halving.reload());
        RuntimeException failure = halving.reloadFailure();
        if (halving.rebuilding() && failure != null && SqlErrors.isTransient(failure)) {
            throw failure;
        }
    }

    /**
     * Stores one sweep's decided history entries (registered with {@code commit} by the caller) and moves the trials
     * they decided about, in the caller's transaction after {@code held} was written, inside a savepoint: when the
     * database refuses them, only this sweep's entries and moves are undone (what came before commits, a rung report's
     * pause included), and the sweep is rebuilt from what is stored once the transaction commits. A lost connection
     * fails the whole transaction. Returns the batch the next sweep's moves follow.
     */
    private TrialBatch storeAndMove(
            Connection connection,
            TrialBatch held,
            SuccessiveHalving.Decided decided,
            Effects effects,
            HalvingCommit commit)
            throws SQLException {
        if (decided.isEmpty()) {
            return held;
        }
        Savepoint savepoint = connection.setSavepoint();
        Effects moved = new Effects();
        try {
            // Trials locked first: the history's references to them are then checked against rows this
            // transaction holds, with no second lock taken on each.
            TrialBatch batch = held.followedBy(connection, decided.trials());
            halving.write(connection, decided);
            List<TrialId> exhausted = new ArrayList<>();
            for (TrialId trialId : new LinkedHashSet<>(decided.trials())) {
                StoredTrial trial = batch.find(trialId).orElse(null);
                LifecycleEvent event = trial == null ? null : halving.moveFor(trial);
                if (event != null
                        && decide(batch, moved, trial, event).ignoredBecause().isPresent()
                        && event instanceof LifecycleEvent.Promoted) {
                    exhausted.add(trialId);
                }
            }
            batch.write(connection);
            connection.releaseSavepoint(savepoint);
            effects.include(moved);
            exhausted.forEach(trialId -> effects.tellHalving(
                    new SuccessiveHalving.Input.Drop(trialId, "promoted, but all its attempts are used")));
            return batch;
        } catch (SQLException | RuntimeException e) {
            if (SqlErrors.isTransient(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            commit.refused(decided, e);
            return held;
        }
    }

    /**
     * What successive halving decided in one transaction, acknowledged once it ends: entries committed are marked
     * stored; a sweep whose entries were refused, or whose transaction rolled back, is forgotten until rebuilt from
     * what is stored, and the trials it decided about are moved again then.
     */
    private final class HalvingCommit {
        private final List<SuccessiveHalving.Decided> attempted = new ArrayList<>();
        private final Map<SuccessiveHalving.Decided, Exception> refused = new LinkedHashMap<>();

        void attempted(SuccessiveHalving.Decided decided) {
            attempted.add(decided);
        }

        void refused(SuccessiveHalving.Decided decided, Exception failure) {
            refused.put(decided, failure);
        }

        void committed() {
            for (SuccessiveHalving.Decided decided : attempted) {
                Exception failure = refused.get(decided);
                if (failure == null) {
                    halving.stored(decided);
                } else {
                    notStored(decided, failure);
                }
            }
        }

        void rolledBack(RuntimeException failure) {
            attempted.forEach(decided -> notStored(decided, failure));
        }

        private void notStored(SuccessiveHalving.Decided decided, Exception failure) {
            halving.notStored(decided, failure);
            unsettled.addAll(decided.trials());
        }
    }

    /** Carries out the effects of a committed batch. */
    void run(Effects effects) {
        leases.releaseAll(effects.releasedLeases());
        if (!effects.withdrawn().isEmpty()) {
            queue.removeAll(effects.withdrawn());
        }
        effects.clusterWrites().forEach(Runnable::run);
        if (!effects.offers().isEmpty()) {
            queue.offerAll(effects.offers());
        }
        effects.fanout().forEach(fanout::publish);
        effects.sweepsToCheck().forEach(completion::finishIfDone);
        if (!effects.halvingInputs().isEmpty()) {
            moveEach(halving.accept(effects.halvingInputs()));
        }
    }

    /** Stores and moves each sweep's decisions in a transaction of its own: one sweep's failure stops no other. */
    private void moveEach(List<SuccessiveHalving.Decided> decided) {
        for (SuccessiveHalving.Decided sweepDecided : decided) {
            try {
                move(sweepDecided);
            } catch (RuntimeException e) {
                LOG.error(
                        "decisions of successive-halving sweep sweepId={} not stored; it is rebuilt from what is",
                        sweepDecided.sweepId(),
                        e);
            }
        }
    }

    private void apply(TrialBatch batch, Effects effects, TrialEvent event) {
        if (event instanceof TrialProgressed progressed) {
            onProgressed(effects, progressed);
            return;
        }
        Optional<StoredTrial> trial = batch.find(event.trialId());
        if (trial.isEmpty()) {
            LOG.warn(
                    "event for unknown trialId={} dropped: {}",
                    event.trialId(),
                    event.getClass().getSimpleName());
            return;
        }
        if (event instanceof RungReached reached) {
            rungReached(batch, effects, trial.get(), reached);
            return;
        }
        decide(batch, effects, trial.get(), LifecycleEvent.reported(event));
    }

    /**
     * A rung report of the running attempt: below the trial's last epoch the attempt ends and the trial waits
     * (PAUSED); once that is committed the report goes to successive halving, whose decisions move trials on.
     */
    private void rungReached(TrialBatch batch, Effects effects, StoredTrial trial, RungReached reached) {
        TrialSnapshot snapshot = batch.snapshot(trial.id()).orElseThrow();
        if (!halving.runsTo(trial.id(), reached.epoch())
                || snapshot.state() != TrialState.RUNNING
                || !snapshot.isRunning(reached.attempt())) {
            LOG.info(
                    "stale rung report trialId={} attempt={} epoch={}: trial {} at attempt {}",
                    trial.id(),
                    reached.attempt(),
                    reached.epoch(),
                    snapshot.state(),
                    snapshot.attemptCount());
            return;
        }
        int lastEpoch = trial.config().finetune().epochs();
        if (reached.epoch() < lastEpoch) {
            String reason = "reached epoch " + reached.epoch() + " of " + lastEpoch + ", a rung: waiting for promotion";
            if (decide(batch, effects, trial, new LifecycleEvent.Paused(reached.attempt(), reason))
                    .ignoredBecause()
                    .isPresent()) {
                return;
            }
        }
        effects.tellHalving(new SuccessiveHalving.Input.RungReport(trial.id(), reached.epoch(), reached.metrics()));
    }

    /** Decides {@code event} on the batch's view of the trial, stores the decision and collects its after-effects. */
    private Decision decide(TrialBatch batch, Effects effects, StoredTrial trial, LifecycleEvent event) {
        sweepOfTrial.putIfAbsent(trial.id(), trial.sweepId());
        Decision decision = TrialLifecycle.decide(batch.snapshot(trial.id()).orElseThrow(), event);
        LifecycleLog.log(trial, event, decision);
        batch.store(trial.id(), decision, clock.instant().plus(leaseDuration));
        decisionEffects.collect(effects, trial, decision);
        TrialState next = decision.next().state();
        if ((next == TrialState.FAILED || next == TrialState.CANCELLED) && halving.governs(trial.id())) {
            effects.tellHalving(new SuccessiveHalving.Input.Drop(trial.id(), "trial " + next));
        }
        return decision;
    }

    /** Decides one event per trial in one transaction, then carries out the effects; returns how many changed. */
    private int decideAndRun(Collection<TrialId> trialIds, Function<TrialId, LifecycleEvent> events) {
        Decided decided = decideAll(trialIds, events);
        run(decided.effects());
        return decided.changed();
    }

    /** Effects of decisions committed together, and how many of the decisions changed something. */
    private record Decided(Effects effects, int changed) {}

    /** Decides one event per trial in one transaction; trials that do not exist are skipped. */
    private Decided decideAll(Collection<TrialId> trialIds, Function<TrialId, LifecycleEvent> events) {
        Effects effects = new Effects();
        int changed = trials.inBatch(trialIds, batch -> {
            int count = 0;
            for (TrialId trialId : trialIds) {
                Optional<StoredTrial> trial = batch.find(trialId);
                if (trial.isPresent()
                        && decide(batch, effects, trial.get(), events.apply(trialId))
                                .ignoredBecause()
                                .isEmpty()) {
                    count++;
                }
            }
            return count;
        });
        return new Decided(effects, changed);
    }

    private void onProgressed(Effects effects, TrialProgressed event) {
        SweepId sweepId = sweepOf(event.trialId());
        if (sweepId != null) {
            effects.publish(new FanoutEvent.TrialProgressed(
                    sweepId,
                    event.trialId(),
                    event.attempt(),
                    event.phase(),
                    event.epoch(),
                    event.epochs(),
                    event.batch(),
                    event.batches()));
        }
    }

    /** A running attempt seen lost: the trial as the observer read it, and why. */
    record Loss(StoredTrial trial, String reason) {}

    /** Ends lost attempts as LOST, in one transaction, and re-queues or fails their trials. */
    void lose(List<Loss> losses) {
        Map<TrialId, Loss> byTrial = new LinkedHashMap<>();
        losses.forEach(loss -> byTrial.put(loss.trial().id(), loss));
        decideAndRun(
                byTrial.keySet(),
                trialId -> new LifecycleEvent.AttemptLost(
                        byTrial.get(trialId).trial().attemptCount(),
                        byTrial.get(trialId).reason()));
    }

    /**
     * A worker runs the trial's next attempt though its start never arrived: the claim is decided as if it had.
     *
     * @return whether the attempt now runs
     */
    boolean reattach(TrialId trialId, int attempt, String workerId) {
        queue.remove(trialId);
        return decideAndRun(List.of(trialId), id -> new LifecycleEvent.StartClaimed(attempt, workerId)) == 1;
    }

    /** Notes the trial's sweep, so its progress events need no database read. */
    void remember(StoredTrial trial) {
        sweepOfTrial.put(trial.id(), trial.sweepId());
    }

    /** Offers the trials' next attempts again, with any earlier cancellation of them forgotten. */
    void offerAll(List<StoredTrial> queued) {
        queued.forEach(trial -> leases.forgetCancellation(trial.id()));
        queue.offerAll(queued.stream().map(this::assignment).toList());
    }

    /** Ends every RUNNING sweep whose trials are all terminal. */
    void finishRunningSweeps() {
        completion.finishRunning();
    }

    void cancelSweep(SweepId sweepId) {
        halving.forget(sweepId);
        List<TrialId> live = trials.listBySweep(sweepId).stream()
                .filter(t -> !t.state().isTerminal())
                .map(StoredTrial::id)
                .toList();
        Decided cancelled = decideAll(live, trialId -> new LifecycleEvent.Cancelled(SWEEP_CANCELLED));
        completion.markCancelled(sweepId);
        run(cancelled.effects());
        LOG.info("sweep cancelled sweepId={} trialsCancelled={}", sweepId, cancelled.changed());
        completion.publishCancelled(sweepId);
    }

    /**
     * Queues PENDING trials for their first attempt, a chunk per transaction and per cluster call, so workers start
     * on the first chunk.
     */
    void enqueue(List<TrialId> pending) {
        for (int from = 0; from < pending.size(); from += ENQUEUE_CHUNK) {
            List<TrialId> chunk = pending.subList(from, Math.min(pending.size(), from + ENQUEUE_CHUNK));
            int queued = decideAndRun(chunk, trialId -> new LifecycleEvent.Enqueued());
            LOG.info("{} of {} trials state {} -> {}", queued, chunk.size(), TrialState.PENDING, TrialState.QUEUED);
        }
    }

    /** The assignment of the trial's next attempt. */
    AssignTrial assignment(StoredTrial trial) {
        return new AssignTrial(
                trial.id(),
                trial.sweepId(),
                trial.attemptCount() + 1,
                trial.config(),
                trial.contentHash(),
                halving.rungEpoch(trial.id()));
    }

    private SweepId sweepOf(TrialId trialId) {
        return sweepOfTrial.computeIfAbsent(
                trialId, id -> trials.find(id).map(StoredTrial::sweepId).orElse(null));
    }
}
