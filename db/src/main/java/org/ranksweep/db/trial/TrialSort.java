package org.ranksweep.db.trial;

/**
 * The columns a page of trials can be ordered by. Each maps to a fixed SQL expression, so a sort key from a URL
 * never reaches SQL text as such.
 */
public enum TrialSort {
    INDEX("t.trial_index"),
    LABEL("t.label"),
    METHOD("t.method"),
    BUDGET("(t.config_json ->> 'budget')::double precision"),
    SEED("(t.config_json ->> 'seed')::bigint"),
    STATE("t.state"),
    ATTEMPTS("t.attempt_count"),
    TOP1("r.top1"),
    PARAMS("r.params"),
    MACS("r.macs"),
    LATENCY("r.latency_ms_b64"),
    STARTED("t.started_at"),
    ENDED("t.ended_at");

    private final String expression;

    TrialSort(String expression) {
        this.expression = expression;
    }

    String expression() {
        return expression;
    }
}
