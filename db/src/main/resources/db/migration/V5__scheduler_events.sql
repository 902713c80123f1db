-- Every report to and decision of a sweep's successive-halving scheduler, in order (seq from 0): a restarted
-- orchestrator replays them to rebuild the scheduler, and a reader audits why a trial was promoted or stopped
-- (promotions, completions and prunings carry the rung's standings at that moment). The event's JSON names its
-- kind in "type" and the scheduler's own trial number (the trial's index in its sweep) in "trialId".
CREATE TABLE scheduler_events (
    sweep_id    bigint      NOT NULL REFERENCES sweeps (sweep_id) ON DELETE CASCADE,
    seq         integer     NOT NULL CHECK (seq >= 0),
    type        text        NOT NULL CHECK (type IN ('Started', 'Reported', 'Promoted', 'Completed', 'Pruned',
                                                     'Dropped')),
    trial_id    bigint      NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    rung        integer CHECK (rung >= 0),
    event       jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (sweep_id, seq)
);

CREATE INDEX scheduler_events_by_trial ON scheduler_events (trial_id, seq);
