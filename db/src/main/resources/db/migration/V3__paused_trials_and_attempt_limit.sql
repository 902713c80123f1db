-- A trial waiting at a rung of successive halving is PAUSED: not terminal, no running attempt, until it is
-- promoted (queued for its next attempt) or pruned.
ALTER TABLE trials DROP CONSTRAINT trials_state_check;
ALTER TABLE trials ADD CONSTRAINT trials_state_check CHECK (state IN ('PENDING', 'QUEUED', 'RUNNING', 'PAUSED',
                                                                     'COMPLETED', 'FAILED', 'PRUNED', 'CANCELLED'));

-- The lifecycle never starts an attempt beyond a trial's limit; the schema keeps it so for every writer.
-- (One RUNNING attempt per trial and one result per trial are V1's trial_attempts_one_running_idx and
-- results_trial_unique.)
ALTER TABLE trials ADD CONSTRAINT trials_attempts_within_limit_check CHECK (attempt_count <= max_attempts);
