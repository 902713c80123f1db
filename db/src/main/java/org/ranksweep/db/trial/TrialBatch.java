package org.ranksweep.db.trial;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.lifecycle.Decision;
import org.ranksweep.core.lifecycle.Effect;
import org.ranksweep.core.lifecycle.TrialSnapshot;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of lifecycle decisions ({@code core.lifecycle.TrialLifecycle}) about many trials, written together.
 * {@link JdbcTrialRepository#inBatch} locks the trials' rows and hands the batch to the caller, who decides on each
 * trial's {@link #snapshot} and {@link #store}s the decision; then every persistence effect is written with one JDBC
 * batch per statement and committed, so a thousand events cost a handful of round trips. The batch decides nothing
 * itself: it holds the decided snapshots, so each decision sees the ones stored before it, and refuses a decision
 * made on another state than the one it holds (compare-and-set). The schema keeps one RUNNING attempt and one result
 * per trial. Times are the orchestrator's clock when a decision was stored (microseconds), not the transaction's
 * start, so an attempt started and ended in one batch still has a duration. Not thread-safe.
 */
public final class TrialBatch {

    private static final Logger LOG = LoggerFactory.getLogger(TrialBatch.class);

    private final Map<TrialId, StoredTrial> trials;
    /** The RUNNING attempt of each trial that has one, as the stored decisions leave it. */
    private final Map<TrialId, Integer> running;

    private final TrialBatchWrites writes = new TrialBatchWrites();
    private final Map<TrialId, Instant> updatedAt = new LinkedHashMap<>();
    /** Whether {@link #write} ran: the trials held are then as stored in the transaction. */
    private boolean written;

    private TrialBatch(Map<TrialId, StoredTrial> trials, Map<TrialId, Integer> running) {
        this.trials = trials;
        this.running = running;
    }

    /** A batch of no trials: nothing to lock, nothing to write. */
    static TrialBatch empty() {
        return new TrialBatch(new LinkedHashMap<>(), new HashMap<>());
    }

    /** Locks the trials' rows (in id order, so two batches cannot deadlock) and reads them. */
    static TrialBatch lock(Connection connection, Collection<TrialId> trialIds) throws SQLException {
        Array ids = connection.createArrayOf(
                "bigint", trialIds.stream().map(TrialId::value).distinct().toArray());
        Map<TrialId, StoredTrial> trials = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + TrialRows.COLUMNS + " FROM trials WHERE trial_id = ANY (?) ORDER BY trial_id FOR UPDATE")) {
            query.setArray(1, ids);
            for (StoredTrial trial : Sql.list(query, TrialRows::trial)) {
                trials.put(trial.id(), trial);
            }
        }
        Map<TrialId, Integer> running = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT trial_id, attempt_number"
                + " FROM trial_attempts WHERE trial_id = ANY (?) AND outcome = 'RUNNING'")) {
            query.setArray(1, ids);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    running.put(new TrialId(rows.getLong("trial_id")), rows.getInt("attempt_number"));
                }
            }
        }
        return new TrialBatch(trials, running);
    }

    /**
     * A batch of {@code trialIds} in the same transaction, once this one is written: the trials this batch holds are
     * taken as its decisions left them (they are locked already and stored so), the others are locked and read.
     * Later decisions in the same transaction start from it, so rows this batch just wrote are not read again.
     *
     * @throws IllegalStateException when this batch is not written yet
     */
    public TrialBatch followedBy(Connection connection, Collection<TrialId> trialIds) throws SQLException {
        if (!written) {
            throw new IllegalStateException("a batch is followed only once its decisions are written");
        }
        Map<TrialId, StoredTrial> held = new LinkedHashMap<>();
        Map<TrialId, Integer> heldRunning = new HashMap<>();
        List<TrialId> unread = new ArrayList<>();
        for (TrialId trialId : new LinkedHashSet<>(trialIds)) {
            StoredTrial trial = trials.get(trialId);
            if (trial == null) {
                unread.add(trialId);
                continue;
            }
            held.put(trialId, trial);
            if (running.containsKey(trialId)) {
                heldRunning.put(trialId, running.get(trialId));
            }
        }
        if (!unread.isEmpty()) {
            TrialBatch read = lock(connection, unread);
            held.putAll(read.trials);
            heldRunning.putAll(read.running);
        }
        return new TrialBatch(held, heldRunning);
    }

    /** The trial as the decisions stored so far leave it; empty when it does not exist. */
    public Optional<StoredTrial> find(TrialId trialId) {
        return Optional.ofNullable(trials.get(trialId));
    }

    /** What the lifecycle decides on: the trial as the stored decisions leave it; empty when it does not exist. */
    public Optional<TrialSnapshot> snapshot(TrialId trialId) {
        return find(trialId)
                .map(trial -> new TrialSnapshot(
                        trial.state(),
                        trial.attemptCount(),
                        trial.maxAttempts(),
                        running.containsKey(trialId) ? OptionalInt.of(running.get(trialId)) : OptionalInt.empty()));
    }

    /**
     * Stores a decision made on this batch's {@link #snapshot} of the trial: its persistence effects are written
     * with the batch and its next snapshot is what later decisions see. Entering RUNNING sets {@code started_at}
     * once; a terminal state sets {@code ended_at}, a non-terminal one clears it.
     *
     * @param leaseDeadline the lease deadline of an attempt the decision starts; unused when it starts none
     * @throws NotFoundException     when the trial does not exist
     * @throws IllegalStateException when the decision changes the state from another state than the trial's
     */
    public void store(TrialId trialId, Decision decision, Instant leaseDeadline) {
        StoredTrial trial = require(trialId);
        Instant now = now();
        TrialChange change = new TrialChange(trial);
        Integer wasRunning = running.get(trialId);
        for (Effect.Persistence effect : decision.effects(Effect.Persistence.class)) {
            change.apply(effect, now);
            write(trialId, effect, leaseDeadline, now);
            if (effect instanceof Effect.StartAttempt start && wasRunning != null) {
                LOG.warn(
                        "trialId={} attempt {} was still RUNNING when attempt {} started; marked LOST",
                        trialId,
                        wasRunning,
                        start.attempt());
            }
        }
        TrialSnapshot next = decision.next();
        next.runningAttempt().ifPresentOrElse(attempt -> running.put(trialId, attempt), () -> running.remove(trialId));
        if (change.changed()) {
            trials.put(trialId, change.stored(next));
            updatedAt.put(trialId, now);
        }
    }

    private void write(TrialId trialId, Effect.Persistence effect, Instant leaseDeadline, Instant now) {
        if (effect instanceof Effect.StartAttempt start) {
            if (running.containsKey(trialId)) {
                throw new IllegalStateException("trial " + trialId + " attempt " + running.get(trialId)
                        + " is still RUNNING; attempt " + start.attempt() + " cannot start");
            }
            writes.attempt(trialId, start.attempt()).start(start.workerId(), leaseDeadline, now);
            running.put(trialId, start.attempt());
        } else if (effect instanceof Effect.EndAttempt end) {
            endAttempt(trialId, end, now);
        } else if (effect instanceof Effect.AcceptResult result) {
            writes.result(trialId, result.attempt(), result.result());
        } else if (effect instanceof Effect.KeepStaleResult stale) {
            writes.stale(trialId, stale.attempt(), stale.result());
        } else if (effect instanceof Effect.StoreMetrics metrics
                && !metrics.metrics().isEmpty()) {
            writes.metrics(trialId, metrics.attempt(), metrics.metrics());
        } else if (effect instanceof Effect.CopyResult copy) {
            writes.reuse(trialId, copy.source(), copy.attempt());
        }
    }

    private void endAttempt(TrialId trialId, Effect.EndAttempt end, Instant now) {
        Integer attempt = running.remove(trialId);
        if (attempt == null || attempt != end.attempt()) {
            throw new IllegalStateException("trial " + trialId + " attempt " + end.attempt() + " is not RUNNING");
        }
        writes.attempt(trialId, attempt).end(end.outcome(), end.reason(), now);
    }

    /**
     * Writes every change on the batch's connection, once; the caller commits. A batch made by {@link #followedBy} is
     * written by its caller; {@link JdbcTrialRepository#inBatch} writes the others.
     */
    public void write(Connection connection) throws SQLException {
        if (written) {
            throw new IllegalStateException("the batch is written already");
        }
        writes.write(connection, updatedAt.keySet().stream().map(trials::get).toList(), updatedAt);
        written = true;
    }

    /** A one-line account of what {@link #write} stores, for the log. */
    String summary() {
        return trials.size() + " trials locked, " + updatedAt.size() + " changed, " + writes.summary();
    }

    private StoredTrial require(TrialId trialId) {
        StoredTrial trial = trials.get(trialId);
        if (trial == null) {
            throw new NotFoundException("trial " + trialId + " does not exist");
        }
        return trial;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The row of one trial as a decision's state changes and attempt starts leave it. Not thread-safe. */
    private static final class TrialChange {
        private final StoredTrial trial;
        private TrialState state;
        private String reason;
        private Instant startedAt;
        private Instant endedAt;
        private boolean changed;

        TrialChange(StoredTrial trial) {
            this.trial = trial;
            this.state = trial.state();
            this.reason = trial.reason();
            this.startedAt = trial.startedAt();
            this.endedAt = trial.endedAt();
        }

        void apply(Effect.Persistence effect, Instant now) {
            if (effect instanceof Effect.ChangeState change) {
                if (change.from() != state) {
                    throw new IllegalStateException("trial " + trial.id() + " is " + state + ", not " + change.from()
                            + "; the decision was made on another state");
                }
                LOG.debug("trialId={} state {} -> {}", trial.id(), state, change.to());
                state = change.to();
                reason = change.reason();
                startedAt = state == TrialState.RUNNING && startedAt == null ? now : startedAt;
                endedAt = state.isTerminal() ? now : null;
                changed = true;
            } else if (effect instanceof Effect.StartAttempt) {
                changed = true;
            }
        }

        boolean changed() {
            return changed;
        }

        StoredTrial stored(TrialSnapshot next) {
            return new StoredTrial(
                    trial.id(),
                    trial.sweepId(),
                    trial.index(),
                    trial.label(),
                    trial.method(),
                    trial.storedConfig(),
                    trial.contentHash(),
                    next.state(),
                    next.attemptCount(),
                    trial.maxAttempts(),
                    reason,
                    trial.createdAt(),
                    startedAt,
                    endedAt);
        }
    }
}
