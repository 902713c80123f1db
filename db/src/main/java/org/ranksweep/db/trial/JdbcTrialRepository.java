package org.ranksweep.db.trial;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sql.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trials in PostgreSQL: every change of a trial's state, attempts, metrics or result is a lifecycle decision stored
 * in a {@link TrialBatch} ({@link #inBatch}); the rest is reading, and moving a running attempt's lease deadline.
 * Thread-safe: every call uses its own pooled connection.
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
     * Runs {@code work} on a {@link TrialBatch} of the given trials in one transaction: their rows are locked and
     * read, {@code work} stores a lifecycle decision per event in the batch, and the decisions are written with one
     * JDBC batch per statement and committed together (or not at all when anything throws). Trials that do not
     * exist are simply absent from the batch.
     */
    public <T> T inBatch(Collection<TrialId> trialIds, Function<TrialBatch, T> work) {
        if (trialIds.isEmpty()) {
            return work.apply(TrialBatch.empty());
        }
        return inBatch(trialIds, work, (connection, written) -> {});
    }

    /**
     * As {@link #inBatch(Collection, Function)}, then {@code followUp} on the same connection once the batch's
     * decisions are written: what it writes commits with them or not at all, and a transaction is opened even for no
     * trials. The orchestrator stores a successive-halving sweep's history and moves the trials it decides about this
     * way, in the transaction of the worker events that led to the decisions ({@link TrialBatch#followedBy}).
     */
    public <T> T inBatch(Collection<TrialId> trialIds, Function<TrialBatch, T> work, FollowUp followUp) {
        long startNanos = System.nanoTime();
        TrialBatch[] written = new TrialBatch[1];
        T result = database.inTransaction(connection -> {
            TrialBatch batch = trialIds.isEmpty() ? TrialBatch.empty() : TrialBatch.lock(connection, trialIds);
            T value = work.apply(batch);
            batch.write(connection);
            written[0] = batch;
            followUp.run(connection, batch);
            return value;
        });
        LOG.debug("batch committed in {} ms: {}", (System.nanoTime() - startNanos) / 1_000_000, written[0].summary());
        return result;
    }

    /**
     * Work in a batch's transaction after the batch is written; see
     * {@link #inBatch(Collection, Function, FollowUp)}.
     */
    @FunctionalInterface
    public interface FollowUp {

        /** @param written the batch, its decisions written on {@code connection} */
        void run(Connection connection, TrialBatch written) throws SQLException;
    }

    /** The trial's attempts in number order. */
    public List<StoredAttempt> attempts(TrialId trialId) {
        return queries.attempts(trialId);
    }

    /** Results that arrived too late to count, oldest first; kept for diagnosis. */
    public List<StaleResult> staleResults(TrialId trialId) {
        return queries.staleResults(trialId);
    }

    /** Every metric of the trial, across attempts, in the order recorded. */
    public List<StoredMetric> metrics(TrialId trialId) {
        return queries.metrics(trialId);
    }

    /** The trial's accepted (or reused) result. */
    public Optional<TrialResult> result(TrialId trialId) {
        return database.withConnection(connection -> ResultRows.find(connection, trialId));
    }

    /**
     * For each content hash that has one, the newest COMPLETED trial with a result, in one query: the candidates
     * for reuse.
     */
    public Map<String, StoredTrial> findCompletedByHashes(Collection<String> contentHashes) {
        return queries.findCompletedByHashes(contentHashes);
    }

    /** The trial whose result this trial reused, if it did. */
    public Optional<TrialId> reusedFrom(TrialId trialId) {
        return queries.reusedFrom(trialId);
    }
}
