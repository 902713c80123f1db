package org.ranksweep.db.trial;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.db.sql.Sql;

/**
 * The rows a {@link TrialBatch} will write, coalesced per row (an attempt started and finished in one batch is
 * inserted once with its outcome), and the JDBC batches that write them. Not thread-safe.
 */
final class TrialBatchWrites {

    private static final String END_ATTEMPT = "UPDATE trial_attempts SET outcome = ?, reason = ?, ended_at = ?"
            + " WHERE trial_id = ? AND attempt_number = ? AND outcome = 'RUNNING'";
    private static final String INSERT_ATTEMPT = "INSERT INTO trial_attempts (trial_id, attempt_number, worker_id,"
            + " lease_deadline, started_at, ended_at, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * Every changed trial row in one statement, its values in arrays (times as microseconds since the epoch, exact):
     * PostgreSQL updates n rows of one join in about half the time of n single-row statements of a JDBC batch
     * (benchmarks/dispatch.md), and successive halving prunes every waiting trial of a sweep in one batch.
     */
    private static final String UPDATE_TRIALS = "UPDATE trials SET state = v.state, attempt_count = v.attempt_count,"
            + " reason = v.reason, updated_at = " + fromMicros("v.updated_us") + ", started_at = "
            + fromMicros("v.started_us") + ", ended_at = " + fromMicros("v.ended_us")
            + " FROM unnest(?::bigint[], ?::text[], ?::integer[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])"
            + " AS v (trial_id, state, attempt_count, reason, updated_us, started_us, ended_us)"
            + " WHERE trials.trial_id = v.trial_id";

    private static final String COPY_RESULT = "INSERT INTO results (trial_id, attempt_number, " + ResultRows.COLUMNS
            + ") SELECT target.trial_id, ?, " + ResultRows.COLUMNS + " FROM results"
            + " JOIN trials source ON source.trial_id = results.trial_id"
            + " JOIN trials target ON target.trial_id = ? AND target.content_hash = source.content_hash"
            + " WHERE results.trial_id = ?";
    private static final String MARK_REUSED = "UPDATE trials SET reused_from_trial_id = ? WHERE trial_id = ?";

    private final Map<AttemptKey, AttemptWrite> attempts = new LinkedHashMap<>();
    private final List<Reuse> reuses = new ArrayList<>();
    private final List<ResultRows.Pending> results = new ArrayList<>();
    private final List<ResultRows.Pending> staleResults = new ArrayList<>();
    private final List<ResultRows.PendingMetrics> metrics = new ArrayList<>();

    /** The pending write of one attempt; an attempt not started in this batch is an existing row. */
    AttemptWrite attempt(TrialId trialId, int attemptNumber) {
        return attempts.computeIfAbsent(new AttemptKey(trialId, attemptNumber), AttemptWrite::new);
    }

    void result(TrialId trialId, int attemptNumber, TrialResult result) {
        results.add(new ResultRows.Pending(trialId, attemptNumber, result));
    }

    void stale(TrialId trialId, int attemptNumber, TrialResult result) {
        staleResults.add(new ResultRows.Pending(trialId, attemptNumber, result));
    }

    /** The trial's result is to be a copy of {@code source}'s, recorded as the result of {@code attemptNumber}. */
    void reuse(TrialId trialId, TrialId source, int attemptNumber) {
        reuses.add(new Reuse(trialId, source, attemptNumber));
    }

    void metrics(TrialId trialId, int attemptNumber, List<TrialMetric> values) {
        metrics.add(new ResultRows.PendingMetrics(trialId, attemptNumber, List.copyOf(values)));
    }

    /**
     * Writes everything. Existing attempts are ended before new ones are inserted, so the one-RUNNING-attempt index
     * holds after every statement; results go in after their trials' rows.
     */
    void write(Connection connection, Collection<StoredTrial> trials, Map<TrialId, Instant> updatedAt)
            throws SQLException {
        endExistingAttempts(connection);
        insertNewAttempts(connection);
        updateTrials(connection, trials, updatedAt);
        ResultRows.insertAll(connection, results);
        copyResults(connection);
        ResultRows.insertAllStale(connection, staleResults);
        ResultRows.insertMetrics(connection, metrics);
    }

    String summary() {
        long started = attempts.values().stream().filter(a -> a.started).count();
        long ended = attempts.values().stream()
                .filter(a -> a.outcome != AttemptOutcome.RUNNING)
                .count();
        return started + " attempts started, " + ended + " ended, " + results.size() + " results, " + reuses.size()
                + " reused, " + staleResults.size() + " stale, " + metrics.size() + " metric sets";
    }

    private void endExistingAttempts(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(END_ATTEMPT)) {
            int rows = 0;
            for (AttemptWrite attempt : attempts.values()) {
                if (!attempt.started && attempt.outcome != AttemptOutcome.RUNNING) {
                    update.setString(1, attempt.outcome.name());
                    update.setString(2, attempt.reason);
                    Sql.setInstant(update, 3, attempt.endedAt);
                    update.setLong(4, attempt.key.trialId().value());
                    update.setInt(5, attempt.key.attemptNumber());
                    update.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                update.executeBatch();
            }
        }
    }

    private void insertNewAttempts(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ATTEMPT)) {
            int rows = 0;
            for (AttemptWrite attempt : attempts.values()) {
                if (attempt.started) {
                    insert.setLong(1, attempt.key.trialId().value());
                    insert.setInt(2, attempt.key.attemptNumber());
                    insert.setString(3, attempt.workerId);
                    Sql.setInstant(insert, 4, attempt.leaseDeadline);
                    Sql.setInstant(insert, 5, attempt.startedAt);
                    Sql.setInstant(insert, 6, attempt.endedAt);
                    insert.setString(7, attempt.outcome.name());
                    insert.setString(8, attempt.reason);
                    insert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    private static void updateTrials(
            Connection connection, Collection<StoredTrial> trials, Map<TrialId, Instant> updatedAt)
            throws SQLException {
        if (trials.isEmpty()) {
            return;
        }
        int size = trials.size();
        Long[] ids = new Long[size];
        String[] states = new String[size];
        Integer[] attemptCounts = new Integer[size];
        String[] reasons = new String[size];
        Long[] updated = new Long[size];
        Long[] started = new Long[size];
        Long[] ended = new Long[size];
        int row = 0;
        for (StoredTrial trial : trials) {
            ids[row] = trial.id().value();
            states[row] = trial.state().name();
            attemptCounts[row] = trial.attemptCount();
            reasons[row] = trial.reason();
            updated[row] = micros(updatedAt.get(trial.id()));
            started[row] = micros(trial.startedAt());
            ended[row] = micros(trial.endedAt());
            row++;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE_TRIALS)) {
            update.setArray(1, connection.createArrayOf("bigint", ids));
            update.setArray(2, connection.createArrayOf("text", states));
            update.setArray(3, connection.createArrayOf("integer", attemptCounts));
            update.setArray(4, connection.createArrayOf("text", reasons));
            update.setArray(5, connection.createArrayOf("bigint", updated));
            update.setArray(6, connection.createArrayOf("bigint", started));
            update.setArray(7, connection.createArrayOf("bigint", ended));
            update.executeUpdate();
        }
    }

    /** Microseconds since the epoch (the stored precision); null for none. */
    private static Long micros(Instant instant) {
        return instant == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static String fromMicros(String column) {
        return "timestamptz 'epoch' + " + column + " * interval '1 microsecond'";
    }

    /**
     * Copies reused results. The statement itself checks that the source has a result and the same content hash, so
     * a copy that does not insert exactly one row fails the whole batch.
     */
    private void copyResults(Connection connection) throws SQLException {
        if (reuses.isEmpty()) {
            return;
        }
        try (PreparedStatement copy = connection.prepareStatement(COPY_RESULT);
                PreparedStatement mark = connection.prepareStatement(MARK_REUSED)) {
            for (Reuse reuse : reuses) {
                copy.setInt(1, reuse.attemptNumber());
                copy.setLong(2, reuse.trialId().value());
                copy.setLong(3, reuse.source().value());
                copy.addBatch();
                mark.setLong(1, reuse.source().value());
                mark.setLong(2, reuse.trialId().value());
                mark.addBatch();
            }
            int[] copied = copy.executeBatch();
            for (int index = 0; index < copied.length; index++) {
                if (copied[index] != 1) {
                    Reuse reuse = reuses.get(index);
                    throw new ConflictException("trial " + reuse.trialId() + " cannot reuse trial " + reuse.source()
                            + ": it has no result or a different content hash");
                }
            }
            mark.executeBatch();
        }
    }

    private record AttemptKey(TrialId trialId, int attemptNumber) {}

    private record Reuse(TrialId trialId, TrialId source, int attemptNumber) {}

    /** One attempt row: inserted when {@link #start} was called in this batch, else an update of its end. */
    static final class AttemptWrite {
        private final AttemptKey key;
        private boolean started;
        private String workerId;
        private Instant leaseDeadline;
        private Instant startedAt;
        private Instant endedAt;
        private AttemptOutcome outcome = AttemptOutcome.RUNNING;
        private String reason;

        private AttemptWrite(AttemptKey key) {
            this.key = key;
        }

        void start(String worker, Instant deadline, Instant now) {
            started = true;
            workerId = worker;
            leaseDeadline = deadline;
            startedAt = now;
        }

        void end(AttemptOutcome endOutcome, String endReason, Instant now) {
            outcome = endOutcome;
            reason = endReason;
            endedAt = now;
        }
    }
}
