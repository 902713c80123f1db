package org.ranksweep.core.error;

/** Base of every error RankSweep raises on purpose; messages name the entity and the offending value or field. */
public class RankSweepException extends RuntimeException {

    public RankSweepException(String message) {
        super(message);
    }

    public RankSweepException(String message, Throwable cause) {
        super(message, cause);
    }
}
