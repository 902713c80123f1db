package org.ranksweep.core.error;

/** The request contradicts stored state, e.g. a result for an attempt that is no longer current. */
public class ConflictException extends RankSweepException {

    public ConflictException(String message) {
        super(message);
    }
}
