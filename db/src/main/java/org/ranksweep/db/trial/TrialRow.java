package org.ranksweep.db.trial;

import java.util.Objects;
import org.ranksweep.core.trial.TrialResult;

/**
 * A trial with its result, as one row of a sweep's trial table. Immutable.
 *
 * @param result the accepted (or reused) result; null until the trial completed
 */
public record TrialRow(StoredTrial trial, TrialResult result) {

    public TrialRow {
        Objects.requireNonNull(trial, "trial");
    }
}
