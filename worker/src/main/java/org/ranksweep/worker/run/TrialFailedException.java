package org.ranksweep.worker.run;

import org.ranksweep.core.error.RankSweepException;

/** A trial could not produce a result; the message is the readable reason recorded with the failed attempt. */
public class TrialFailedException extends RankSweepException {

    public TrialFailedException(String message) {
        super(message);
    }

    public TrialFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
