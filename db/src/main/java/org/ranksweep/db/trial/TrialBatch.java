package org.ranksweep.db.trial;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to many trials decided in memory and written together, with the rules of the single-trial methods of
 * {@link JdbcTrialRepository}: compare-and-set of state, attempts numbered from 1 with at most one RUNNING, at most
 * one result per trial, late results kept as stale. {@link JdbcTrialRepository#inBatch} locks the trials' rows,
 * hands the batch to the caller, then writes every change with one JDBC batch per statement and commits, so a
 * thousand events cost a handful of round trips instead of thousands. Each change sees the changes made before it
 * in the same batch. Times are the orchestrator's clock when the change was made (microseconds), not the
 * transaction's start, so an attempt started and ended in one batch still has a duration. Not thread-safe.
 */
public final class TrialBatch {

    private static final Logger LOG = LoggerFactory.getLogger(TrialBatch.class);

    private final Map<TrialId, StoredTrial> trials;
    /** The RUNNING attempt of each trial that has one, as the batch's changes leave it. */
    private final Map<TrialId, Integer> running;
    private final TrialBatchWrites writes = new TrialBatchWrites();
    private final Map<TrialId, Instant> updatedAt = new LinkedHashMap<>();

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
        Array ids = connection.createArrayOf("bigint", trialIds.stream().map(TrialId::value).distinct().toArray());
        Map<TrialId, StoredTrial> trials = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT " + TrialRows.COLUMNS
                + " FROM trials WHERE trial_id = ANY (?) ORDER BY trial_id FOR UPDATE")) {
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

    /** The trial as this batch's changes leave it; empty when it does not exist. */
    public Optional<StoredTrial> find(TrialId trialId) {
        return Optional.ofNullable(trials.get(trialId));
    }

    /** Whether {@code attemptNumber} is the trial's RUNNING attempt. */
    public boolean isRunning(TrialId trialId, int attemptNumber) {
        return Objects.equals(running.get(trialId), attemptNumber);
    }

    /**
     * Compare-and-set of a trial's state, as {@link JdbcTrialRepository#transition}: entering RUNNING sets
     * {@code started_at} once; a terminal state sets {@code ended_at} and ends a running attempt (FAILED when the
     * trial fails, CANCELLED otherwise); a non-terminal state clears {@code ended_at}.
     *
     * @return false when the trial is not in {@code expectedFrom}
     * @throws NotFoundException when the trial does not exist
     */
    public boolean transition(TrialId trialId, TrialState expectedFrom, TrialState to, String reason) {
        StoredTrial trial = require(trialId);
        if (trial.state() != expectedFrom) {
            return false;
        }
        Instant now = now();
        if (to.isTerminal()) {
            endRunning(trialId, to == TrialState.FAILED ? AttemptOutcome.FAILED : AttemptOutcome.CANCELLED,
                    reason == null ? "trial " + to : reason, now);
        }
        Instant startedAt = to == TrialState.RUNNING && trial.startedAt() == null ? now : trial.startedAt();
        change(trial, to, trial.attemptCount(), reason, startedAt, to.isTerminal() ? now : null, now);
        LOG.debug("trialId={} state {} -> {}", trialId, expectedFrom, to);
        return true;
    }

    /**
     * Starts the trial's next attempt, as {@link JdbcTrialRepository#startAttempt}: an attempt still RUNNING is
     * ended as LOST first.
     *
     * @return the new attempt's number
     * @throws ConflictException when the trial is terminal or has used all its attempts
     * @throws NotFoundException when the trial does not exist
     */
    public int startAttempt(TrialId trialId, String workerId, Instant leaseDeadline) {
        StoredTrial trial = require(trialId);
        if (trial.state().isTerminal()) {
            throw new ConflictException("trial " + trialId + " is " + trial.state() + "; no new attempt");
        }
        if (trial.attemptCount() >= trial.maxAttempts()) {
            throw new ConflictException("trial " + trialId + " has used all " + trial.maxAttempts() + " attempts");
        }
        int next = trial.attemptCount() + 1;
        Instant now = now();
        if (endRunning(trialId, AttemptOutcome.LOST, "superseded by attempt " + next, now)) {
            LOG.warn("trialId={} attempt {} was still RUNNING when attempt {} started; marked LOST", trialId,
                    trial.attemptCount(), next);
        }
        writes.attempt(trialId, next).start(workerId, leaseDeadline, now);
        running.put(trialId, next);
        change(trial, TrialState.RUNNING, next, null, trial.startedAt() == null ? now : trial.startedAt(), null, now);
        return next;
    }

    /**
     * Ends a RUNNING attempt with an outcome, leaving the trial's state alone; an attempt that has ended keeps its
     * first outcome.
     *
     * @return false when that attempt is not RUNNING (ended, or never started)
     */
    public boolean endAttempt(TrialId trialId, int attemptNumber, AttemptOutcome outcome, String reason) {
        if (outcome == AttemptOutcome.RUNNING) {
            throw new IllegalArgumentException("an attempt cannot end as RUNNING (trial " + trialId + ")");
        }
        return isRunning(trialId, attemptNumber) && endRunning(trialId, outcome, reason, now());
    }

    /**
     * Records a worker's result, as {@link JdbcTrialRepository#recordResult}: accepted (the attempt SUCCEEDED, the
     * trial COMPLETED) only for the trial's current, RUNNING attempt of a trial that is not terminal; otherwise
     * kept in {@code stale_results}.
     *
     * @throws NotFoundException when the trial does not exist
     */
    public ResultOutcome recordResult(TrialId trialId, int attemptNumber, TrialResult result) {
        StoredTrial trial = require(trialId);
        boolean current = attemptNumber == trial.attemptCount() && !trial.state().isTerminal()
                && isRunning(trialId, attemptNumber);
        if (!current) {
            writes.stale(trialId, attemptNumber, result);
            return ResultOutcome.STALE;
        }
        Instant now = now();
        writes.result(trialId, attemptNumber, result);
        endRunning(trialId, AttemptOutcome.SUCCEEDED, null, now);
        change(trial, TrialState.COMPLETED, trial.attemptCount(), null, trial.startedAt(), now, now);
        return ResultOutcome.ACCEPTED;
    }

    /** Appends metrics of one attempt; their order is kept. */
    public void recordMetrics(TrialId trialId, int attemptNumber, List<TrialMetric> metrics) {
        require(trialId);
        if (!metrics.isEmpty()) {
            writes.metrics(trialId, attemptNumber, metrics);
        }
    }

    /** Writes every change on the batch's connection; the caller commits. */
    void write(Connection connection) throws SQLException {
        writes.write(connection, updatedAt.keySet().stream().map(trials::get).toList(), updatedAt);
    }

    /** A one-line account of what {@link #write} stores, for the log. */
    String summary() {
        return trials.size() + " trials locked, " + updatedAt.size() + " changed, " + writes.summary();
    }

    private boolean endRunning(TrialId trialId, AttemptOutcome outcome, String reason, Instant now) {
        Integer attempt = running.remove(trialId);
        if (attempt == null) {
            return false;
        }
        writes.attempt(trialId, attempt).end(outcome, reason, now);
        return true;
    }

    private void change(StoredTrial trial, TrialState state, int attemptCount, String reason, Instant startedAt,
                        Instant endedAt, Instant now) {
        trials.put(trial.id(), new StoredTrial(trial.id(), trial.sweepId(), trial.index(), trial.label(),
                trial.method(), trial.config(), trial.contentHash(), state, attemptCount, trial.maxAttempts(), reason,
                trial.createdAt(), startedAt, endedAt));
        updatedAt.put(trial.id(), now);
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
}
