package org.ranksweep.db.sweep;

import java.util.List;
import java.util.Objects;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;

/**
 * A sweep just stored, with the ids its trials were stored under. Immutable.
 *
 * @param trialIds the trials' ids in the order of {@link NewSweep#trials()}
 */
public record CreatedSweep(StoredSweep sweep, List<TrialId> trialIds) {

    public CreatedSweep {
        Objects.requireNonNull(sweep, "sweep");
        trialIds = List.copyOf(trialIds);
    }

    public SweepId id() {
        return sweep.id();
    }
}
