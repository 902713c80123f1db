-- Whether a sweep still has unfinished trials is asked after every batch of worker events that ends a trial:
-- with this index it is one probe instead of a scan of the sweep's trials.
CREATE INDEX trials_sweep_state_idx ON trials (sweep_id, state);
