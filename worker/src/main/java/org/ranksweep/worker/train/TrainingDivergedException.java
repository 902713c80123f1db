package org.ranksweep.worker.train;

import org.ranksweep.core.error.RankSweepException;

/** The loss became NaN or infinite; the message says where and with which learning rate. */
public class TrainingDivergedException extends RankSweepException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
