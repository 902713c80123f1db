package org.ranksweep.db.trial;

import java.util.Objects;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialState;

/**
 * Which page of a sweep's trials to read. Immutable.
 *
 * @param sweepId    the sweep
 * @param text       keep trials whose label, method or state contains this text (case-insensitive); null for all
 * @param state      keep trials in this state; null for all
 * @param sort       the ordering column; ties are broken by trial index
 * @param descending whether to order from the largest value (missing values always come last)
 * @param limit      page size, at least 1
 * @param offset     trials to skip, at least 0
 */
public record TrialPageQuery(
        SweepId sweepId, String text, TrialState state, TrialSort sort, boolean descending, int limit, int offset) {

    public TrialPageQuery {
        Objects.requireNonNull(sweepId, "sweepId");
        Objects.requireNonNull(sort, "sort");
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException(
                    "a trial page needs limit >= 1 and offset >= 0, was " + limit + ", " + offset);
        }
        text = text == null || text.isBlank() ? null : text.strip();
    }
}
