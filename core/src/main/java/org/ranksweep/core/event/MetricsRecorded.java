package org.ranksweep.core.event;

import java.util.List;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;

/** Metrics measured at the end of an epoch (or once, for evaluation). */
public record MetricsRecorded(TrialId trialId, int attempt, List<TrialMetric> metrics) implements TrialEvent {

    public MetricsRecorded {
        metrics = List.copyOf(metrics);
    }
}
