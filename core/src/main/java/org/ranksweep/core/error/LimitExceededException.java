package org.ranksweep.core.error;

/**
 * The request is valid but would take more than a client may hold at once (e.g. unfinished sweeps); it may succeed
 * later. The message names the limit.
 */
public class LimitExceededException extends RankSweepException {

    public LimitExceededException(String message) {
        super(message);
    }
}
