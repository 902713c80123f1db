-- The speed-up over the dense base measured alongside it in the worker (PairedSpeedup): the median ratio of
-- interleaved batch-64 forward passes and its spread. Null for results recorded before it was measured.
ALTER TABLE results
    ADD COLUMN speedup_median double precision,
    ADD COLUMN speedup_min    double precision,
    ADD COLUMN speedup_max    double precision,
    ADD COLUMN speedup_rounds integer,
    ADD CONSTRAINT results_speedup_all_or_none CHECK (
        (speedup_median IS NULL) = (speedup_min IS NULL)
        AND (speedup_median IS NULL) = (speedup_max IS NULL)
        AND (speedup_median IS NULL) = (speedup_rounds IS NULL)),
    ADD CONSTRAINT results_speedup_ordered CHECK (
        speedup_median IS NULL OR (0 < speedup_min AND speedup_min <= speedup_median AND speedup_median <= speedup_max
                                   AND speedup_rounds >= 1));
