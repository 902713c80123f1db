-- RankSweep schema, version 1. Never edit once applied: add V2__<what>.sql instead.
-- Enum-like columns hold the Java enum constant names (SweepState, TrialState, AttemptOutcome); the CHECK
-- constraints keep rows written by hand or by older code inside the same vocabulary.

CREATE TABLE sweeps (
    sweep_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text        NOT NULL,
    spec_text    text        NOT NULL,
    spec_json    jsonb       NOT NULL,
    state        text        NOT NULL
        CONSTRAINT sweeps_state_check CHECK (state IN ('RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED')),
    trial_count  integer     NOT NULL CONSTRAINT sweeps_trial_count_check CHECK (trial_count >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    ended_at     timestamptz
);

CREATE INDEX sweeps_state_idx ON sweeps (state);

CREATE TABLE trials (
    trial_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id             bigint      NOT NULL REFERENCES sweeps (sweep_id) ON DELETE CASCADE,
    trial_index          integer     NOT NULL CONSTRAINT trials_index_check CHECK (trial_index >= 0),
    label                text        NOT NULL,
    method               text        NOT NULL,
    config_json          jsonb       NOT NULL,
    -- Derived from config_json so the leaderboard can filter and index them without parsing JSON per row.
    dataset_name         text GENERATED ALWAYS AS (config_json -> 'dataset' ->> 'name') STORED,
    model_arch           text GENERATED ALWAYS AS (config_json -> 'model' ->> 'arch') STORED,
    content_hash         char(64)    NOT NULL
        CONSTRAINT trials_content_hash_check CHECK (content_hash ~* '^[0-9a-f]{64}$'),
    state                text        NOT NULL
        CONSTRAINT trials_state_check CHECK (state IN ('PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED',
                                                       'PRUNED', 'CANCELLED')),
    attempt_count        integer     NOT NULL DEFAULT 0 CONSTRAINT trials_attempt_count_check CHECK (attempt_count >= 0),
    max_attempts         integer     NOT NULL CONSTRAINT trials_max_attempts_check CHECK (max_attempts >= 1),
    reason               text,
    reused_from_trial_id bigint REFERENCES trials (trial_id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    started_at           timestamptz,
    ended_at             timestamptz,
    CONSTRAINT trials_sweep_index_unique UNIQUE (sweep_id, trial_index)
);

CREATE INDEX trials_content_hash_idx ON trials (content_hash);
CREATE INDEX trials_state_idx ON trials (state);
CREATE INDEX trials_leaderboard_idx ON trials (method, dataset_name, model_arch);

CREATE TABLE trial_attempts (
    attempt_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trial_id       bigint      NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    attempt_number integer     NOT NULL CONSTRAINT trial_attempts_number_check CHECK (attempt_number >= 1),
    worker_id      text        NOT NULL,
    lease_deadline timestamptz,
    started_at     timestamptz NOT NULL DEFAULT now(),
    ended_at       timestamptz,
    outcome        text        NOT NULL
        CONSTRAINT trial_attempts_outcome_check CHECK (outcome IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'LOST',
                                                                   'CANCELLED')),
    reason         text,
    CONSTRAINT trial_attempts_trial_number_unique UNIQUE (trial_id, attempt_number)
);

-- A trial has at most one live attempt at any time.
CREATE UNIQUE INDEX trial_attempts_one_running_idx ON trial_attempts (trial_id) WHERE outcome = 'RUNNING';

CREATE TABLE trial_metrics (
    metric_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trial_id       bigint           NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    attempt_number integer          NOT NULL CONSTRAINT trial_metrics_attempt_check CHECK (attempt_number >= 0),
    phase          text             NOT NULL,
    epoch          integer          NOT NULL CONSTRAINT trial_metrics_epoch_check CHECK (epoch >= 0),
    split          text             NOT NULL,
    name           text             NOT NULL,
    value          double precision NOT NULL,
    recorded_at    timestamptz      NOT NULL DEFAULT now()
);

CREATE INDEX trial_metrics_trial_idx ON trial_metrics (trial_id);

CREATE TABLE results (
    result_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trial_id           bigint           NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    -- 0 when the result was copied from an identical earlier trial without running an attempt.
    attempt_number     integer          NOT NULL CONSTRAINT results_attempt_check CHECK (attempt_number >= 0),
    top1               double precision NOT NULL CONSTRAINT results_top1_check CHECK (top1 >= 0 AND top1 <= 1),
    params             bigint           NOT NULL CONSTRAINT results_params_check CHECK (params >= 0),
    macs               bigint           NOT NULL CONSTRAINT results_macs_check CHECK (macs >= 0),
    attention_params   bigint           NOT NULL CONSTRAINT results_attention_params_check CHECK (attention_params >= 0),
    latency_ms_b1      double precision NOT NULL,
    latency_ms_b64     double precision NOT NULL,
    ranks_json         jsonb            NOT NULL DEFAULT '{}',
    artifact_path      text,
    artifact_sha256    text,
    created_at         timestamptz      NOT NULL DEFAULT now(),
    -- At most one result per trial: the last line of defence behind the attempt checks in the repository.
    CONSTRAINT results_trial_unique UNIQUE (trial_id)
);

CREATE INDEX results_top1_idx ON results (top1 DESC);

-- Results that arrived for an attempt that was no longer current (lost lease, trial already finished).
-- Kept for diagnosis; never shown as a trial's result.
CREATE TABLE stale_results (
    stale_result_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trial_id        bigint      NOT NULL REFERENCES trials (trial_id) ON DELETE CASCADE,
    attempt_number  integer     NOT NULL,
    result_json     jsonb       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stale_results_trial_idx ON stale_results (trial_id);

CREATE TABLE baselines (
    baseline_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model             text        NOT NULL,
    dataset           text        NOT NULL,
    method            text        NOT NULL,
    params            bigint,
    macs              bigint,
    top1              double precision CONSTRAINT baselines_top1_check CHECK (top1 >= 0 AND top1 <= 1),
    citation          text        NOT NULL,
    source_checkpoint text,
    teacher           text,
    epochs            integer,
    flop_convention   text,
    notes             text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- One published number per paper, model, dataset, method and size; reloading the same file updates in place.
    CONSTRAINT baselines_natural_key UNIQUE NULLS NOT DISTINCT (citation, model, dataset, method, params)
);

CREATE INDEX baselines_model_idx ON baselines (model);

CREATE TABLE workers (
    worker_id         text PRIMARY KEY,
    host              text        NOT NULL,
    device            text        NOT NULL,
    device_count      integer     NOT NULL CONSTRAINT workers_device_count_check CHECK (device_count >= 0),
    slots             integer     NOT NULL CONSTRAINT workers_slots_check CHECK (slots >= 1),
    memory_bytes      bigint      NOT NULL CONSTRAINT workers_memory_check CHECK (memory_bytes >= 0),
    engine            text,
    capabilities      jsonb       NOT NULL DEFAULT '{}',
    started_at        timestamptz NOT NULL,
    last_heartbeat_at timestamptz NOT NULL
);
