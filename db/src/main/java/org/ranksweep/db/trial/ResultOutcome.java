package org.ranksweep.db.trial;

/** What became of a reported result. */
public enum ResultOutcome {
    /** It was the current attempt's result: stored, attempt SUCCEEDED, trial COMPLETED. */
    ACCEPTED,
    /** It came from an attempt that was no longer current: kept in {@code stale_results} only. */
    STALE
}
