package org.ranksweep.core.error;

/** A named entity (sweep, trial, file, dataset directory) does not exist. */
public class NotFoundException extends RankSweepException {

    public NotFoundException(String message) {
        super(message);
    }
}
