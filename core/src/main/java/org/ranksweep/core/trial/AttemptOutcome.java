package org.ranksweep.core.trial;

/**
 * How one attempt at a trial ended. RUNNING while the lease is live; LOST when the lease expired or the worker
 * left the cluster; CANCELLED when the sweep was cancelled underneath it.
 */
public enum AttemptOutcome {
    RUNNING,
    SUCCEEDED,
    FAILED,
    LOST,
    CANCELLED
}
