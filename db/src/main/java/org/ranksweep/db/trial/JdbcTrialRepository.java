package org.ranksweep.db.trial;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trials in PostgreSQL: state changes as compare-and-set, attempts with leases, metrics, and results that are
 * accepted at most once. Every multi-row change runs in one transaction holding the trial's row lock, so
 * concurrent callers (orchestrators, late workers) cannot interleave. Thread-safe. Reuse of identical trials and
 * cancellation live in {@link #completeFromReuse} and {@link #cancelNonTerminal}.
 */
public final class JdbcTrialRepository {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTrialRepository.class);

    private final Database database;
    private final TrialQueries queries;

    public JdbcTrialRepository(Database database) {
        this.database = database;
        this.queries = new TrialQueries(database);
    }

    /** The sweep's trials in index order. */
    public List<StoredTrial> listBySweep(SweepId sweepId) {
        return queries.listBySweep(sweepId);
    }

    /** The ids of the sweep's trials in index order, without reading the rest of their rows. */
    public List<TrialId> idsBySweep(SweepId sweepId) {
        return queries.idsBySweep(sweepId);
    }

    /**
     * One page of a sweep's trials with their results, filtered and ordered in the database, and the number of
     * trials matching on all pages.
     */
    public TrialPage page(TrialPageQuery query) {
        return queries.page(query);
    }

    public Optional<StoredTrial> find(TrialId trialId) {
        return database.withConnection(connection -> TrialRows.find(connection, trialId));
    }

    /** Every trial in a state, oldest first; used to reconcile after an orchestrator restart. */
    public List<StoredTrial> listByState(TrialState state) {
        return queries.listByState(state);
    }

    /**
     * The attempts started so far of every trial in a state, by trial id, without reading the rest of their rows:
     * the periodic check of queued trials runs over a whole backlog.
     */
    public Map<TrialId, Integer> attemptCounts(TrialState state) {
        return queries.attemptCounts(state);
    }

    /**
     * Compare-and-set of a trial's state, storing {@code reason} (null clears it). Entering RUNNING sets
     * {@code started_at} once; entering a terminal state sets {@code ended_at} and ends a still-running attempt
     * (FAILED when the trial fails, CANCELLED otherwise); leaving it for a non-terminal state clears
     * {@code ended_at}.
     *
     * @return false when the trial exists but is not in {@code expectedFrom}
     * @throws NotFoundException when the trial does not exist
     */
    public boolean transition(TrialId trialId, TrialState expectedFrom, TrialState to, String reason) {
        boolean changed = database.inTransaction(connection -> {
            StoredTrial trial = TrialRows.lock(connection, trialId);
            if (trial.state() != expectedFrom) {
                return false;
            }
            TrialStatements.setState(connection, trialId, to, reason);
            if (to.isTerminal()) {
                AttemptOutcome outcome = to == TrialState.FAILED ? AttemptOutcome.FAILED : AttemptOutcome.CANCELLED;
                AttemptRows.endRunning(connection, trialId, outcome, reason == null ? "trial " + to : reason);
            }
            return true;
        });
        if (changed) {
            LOG.info("trialId={} state {} -> {}{}", trialId, expectedFrom, to, reason == null ? "" : ": " + reason);
        }
        return changed;
    }

    /**
     * Compare-and-set of many trials' state to a non-terminal state in one statement (e.g. queueing a sweep's
     * PENDING trials): the trials in {@code expectedFrom} move, the others are left alone; the reason is cleared.
     *
     * @return the trials that moved
     * @throws IllegalArgumentException when {@code to} is terminal (use {@link #transition}, which ends attempts)
     */
    public List<TrialId> transitionAll(Collection<TrialId> trialIds, TrialState expectedFrom, TrialState to) {
        if (to.isTerminal()) {
            throw new IllegalArgumentException("transitionAll cannot enter the terminal state " + to);
        }
        if (trialIds.isEmpty()) {
            return List.of();
        }
        List<TrialId> moved = database.withConnection(
                connection -> TrialStatements.setStateWhere(connection, trialIds, expectedFrom, to));
        LOG.info("{} of {} trials state {} -> {}", moved.size(), trialIds.size(), expectedFrom, to);
        return moved;
    }

    /**
     * Starts the next attempt in one transaction: increments {@code attempt_count}, inserts the attempt RUNNING and
     * sets the trial RUNNING. An attempt still marked RUNNING (its end was never reported) is ended as LOST first.
     *
     * @return the new attempt's number, from 1
     * @throws ConflictException when the trial is terminal or has used all its attempts
     * @throws NotFoundException when the trial does not exist
     */
    public int startAttempt(TrialId trialId, String workerId, Instant leaseDeadline) {
        int attemptNumber = database.inTransaction(connection -> {
            StoredTrial trial = TrialRows.lock(connection, trialId);
            if (trial.state().isTerminal()) {
                throw new ConflictException("trial " + trialId + " is " + trial.state() + "; no new attempt");
            }
            if (trial.attemptCount() >= trial.maxAttempts()) {
                throw new ConflictException("trial " + trialId + " has used all " + trial.maxAttempts()
                        + " attempts");
            }
            int next = trial.attemptCount() + 1;
            if (AttemptRows.endRunning(connection, trialId, AttemptOutcome.LOST, "superseded by attempt " + next) > 0) {
                LOG.warn("trialId={} attempt {} was still RUNNING when attempt {} started; marked LOST", trialId,
                        trial.attemptCount(), next);
            }
            AttemptRows.insertRunning(connection, trialId, next, workerId, leaseDeadline);
            TrialStatements.startAttempt(connection, trialId, next);
            return next;
        });
        LOG.info("trialId={} attempt={} started on workerId={}", trialId, attemptNumber, workerId);
        return attemptNumber;
    }

    /**
     * Moves a running attempt's lease deadline.
     *
     * @return false when that attempt is not RUNNING (ended, lost, or never started)
     */
    public boolean renewLease(TrialId trialId, int attemptNumber, Instant deadline) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE trial_attempts SET lease_deadline = ?"
                    + " WHERE trial_id = ? AND attempt_number = ? AND outcome = 'RUNNING'")) {
                Sql.setInstant(update, 1, deadline);
                update.setLong(2, trialId.value());
                update.setInt(3, attemptNumber);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Ends a RUNNING attempt with an outcome; the trial's own state is left to {@link #transition}. An attempt
     * that has already ended keeps its first outcome (a LOST attempt stays LOST when its worker reports later).
     *
     * @return false when the attempt had already ended
     * @throws NotFoundException when the attempt does not exist
     */
    public boolean endAttempt(TrialId trialId, int attemptNumber, AttemptOutcome outcome, String reason) {
        if (outcome == AttemptOutcome.RUNNING) {
            throw new IllegalArgumentException("an attempt cannot end as RUNNING (trial " + trialId + ")");
        }
        boolean ended = database.inTransaction(connection -> {
            if (AttemptRows.end(connection, trialId, attemptNumber, outcome, reason)) {
                return true;
            }
            if (!AttemptRows.exists(connection, trialId, attemptNumber)) {
                throw new NotFoundException("trial " + trialId + " has no attempt " + attemptNumber);
            }
            return false;
        });
        if (ended) {
            LOG.info("trialId={} attempt={} ended {}{}", trialId, attemptNumber, outcome,
                    reason == null ? "" : ": " + reason);
        }
        return ended;
    }

    /**
     * Runs {@code work} on a {@link TrialBatch} of the given trials in one transaction: their rows are locked and
     * read, {@code work} stores a lifecycle decision per event in the batch, and the decisions are written with one
     * JDBC batch per statement and committed together (or not at all when anything throws). Trials that do not
     * exist are simply absent from the batch.
     */
    public <T> T inBatch(Collection<TrialId> trialIds, Function<TrialBatch, T> work) {
        if (trialIds.isEmpty()) {
            return work.apply(TrialBatch.empty());
        }
        long startNanos = System.nanoTime();
        TrialBatch[] written = new TrialBatch[1];
        T result = database.inTransaction(connection -> {
            TrialBatch batch = TrialBatch.lock(connection, trialIds);
            T value = work.apply(batch);
            batch.write(connection);
            written[0] = batch;
            return value;
        });
        LOG.debug("batch committed in {} ms: {}", (System.nanoTime() - startNanos) / 1_000_000, written[0].summary());
        return result;
    }

    /** The trial's attempts in number order. */
    public List<StoredAttempt> attempts(TrialId trialId) {
        return queries.attempts(trialId);
    }

    /**
     * Records a worker's result idempotently, in one transaction. If {@code attemptNumber} is the trial's current
     * attempt, that attempt is still RUNNING and the trial is not terminal, the result is stored, the attempt
     * becomes SUCCEEDED and the trial COMPLETED. Otherwise the result is kept in {@code stale_results} and the
     * trial is untouched: a trial never gets a second result.
     *
     * @throws NotFoundException when the trial does not exist
     */
    public ResultOutcome recordResult(TrialId trialId, int attemptNumber, TrialResult result) {
        ResultOutcome outcome = database.inTransaction(connection -> {
            StoredTrial trial = TrialRows.lock(connection, trialId);
            boolean current = attemptNumber == trial.attemptCount() && !trial.state().isTerminal()
                    && AttemptRows.isRunning(connection, trialId, attemptNumber);
            if (!current) {
                ResultRows.insertStale(connection, trialId, attemptNumber, result);
                return ResultOutcome.STALE;
            }
            ResultRows.insert(connection, trialId, attemptNumber, result);
            AttemptRows.end(connection, trialId, attemptNumber, AttemptOutcome.SUCCEEDED, null);
            TrialStatements.setState(connection, trialId, TrialState.COMPLETED, null);
            return ResultOutcome.ACCEPTED;
        });
        LOG.info("trialId={} attempt={} result top1={} {}", trialId, attemptNumber, result.top1(), outcome);
        return outcome;
    }

    /** Results that arrived too late to count, oldest first. */
    public List<StaleResult> staleResults(TrialId trialId) {
        return queries.staleResults(trialId);
    }

    /** Appends metrics of one attempt in one batch; their order is kept. */
    public void recordMetrics(TrialId trialId, int attemptNumber, List<TrialMetric> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            ResultRows.insertMetrics(connection, trialId, attemptNumber, metrics);
            return null;
        });
    }

    /** Every metric of the trial, across attempts, in the order recorded. */
    public List<StoredMetric> metrics(TrialId trialId) {
        return queries.metrics(trialId);
    }

    /** The trial's accepted (or reused) result. */
    public Optional<TrialResult> result(TrialId trialId) {
        return database.withConnection(connection -> ResultRows.find(connection, trialId));
    }

    /** The newest COMPLETED trial with this content hash that has a result: a candidate for reuse. */
    public Optional<StoredTrial> findCompletedByHash(String contentHash) {
        return queries.findCompletedByHash(contentHash);
    }

    /**
     * For each content hash that has one, the newest COMPLETED trial with a result (as {@link #findCompletedByHash}),
     * in one query.
     */
    public Map<String, StoredTrial> findCompletedByHashes(Collection<String> contentHashes) {
        return queries.findCompletedByHashes(contentHashes);
    }

    /** The trial whose result this trial reused, if it did. */
    public Optional<TrialId> reusedFrom(TrialId trialId) {
        return queries.reusedFrom(trialId);
    }

    /**
     * Completes a trial with a copy of an identical trial's result, in one transaction: the result is copied, a
     * running attempt is CANCELLED, and the trial becomes COMPLETED with {@code reused_from_trial_id = source}.
     *
     * @throws ConflictException when the target is terminal, the source has no result, or their hashes differ
     * @throws NotFoundException when either trial does not exist
     */
    public void completeFromReuse(TrialId trialId, TrialId source) {
        database.inTransaction(connection -> {
            StoredTrial target = TrialRows.lock(connection, trialId);
            StoredTrial original = TrialRows.find(connection, source)
                    .orElseThrow(() -> new NotFoundException("trial " + source + " does not exist"));
            requireReusable(target, original);
            TrialResult result = ResultRows.find(connection, source)
                    .orElseThrow(() -> new ConflictException("trial " + source + " has no result to reuse"));
            String reason = "reused result of trial " + source;
            AttemptRows.endRunning(connection, trialId, AttemptOutcome.CANCELLED, reason);
            ResultRows.insert(connection, trialId, target.attemptCount(), result);
            TrialStatements.completeFromReuse(connection, trialId, source, reason);
            return null;
        });
        LOG.info("trialId={} completed with the result of trialId={}", trialId, source);
    }

    private static void requireReusable(StoredTrial target, StoredTrial original) {
        if (target.state().isTerminal()) {
            throw new ConflictException("trial " + target.id() + " is already " + target.state());
        }
        if (!target.contentHash().equals(original.contentHash())) {
            throw new ConflictException("trial " + target.id() + " has content hash " + target.contentHash()
                    + " but trial " + original.id() + " has " + original.contentHash());
        }
    }

    /**
     * Cancels every PENDING, QUEUED or RUNNING trial of a sweep (and their running attempts) in one transaction;
     * finished trials keep their state.
     *
     * @return how many trials were cancelled
     */
    public int cancelNonTerminal(SweepId sweepId) {
        int cancelled = database.inTransaction(connection -> TrialStatements.cancelNonTerminal(connection, sweepId));
        LOG.info("sweepId={} cancelled {} unfinished trials", sweepId, cancelled);
        return cancelled;
    }
}
