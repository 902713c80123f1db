package org.ranksweep.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.ranksweep.core.trial.TrialId;

/**
 * What a worker reports about the attempt it runs. Events cross the cluster as JSON (see
 * {@link org.ranksweep.core.json.Json}); the orchestrator persists them, then fans them out. Immutable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TrialStarted.class, name = "TrialStarted"),
    @JsonSubTypes.Type(value = TrialProgressed.class, name = "TrialProgressed"),
    @JsonSubTypes.Type(value = MetricsRecorded.class, name = "MetricsRecorded"),
    @JsonSubTypes.Type(value = TrialCompleted.class, name = "TrialCompleted"),
    @JsonSubTypes.Type(value = TrialFailed.class, name = "TrialFailed"),
    @JsonSubTypes.Type(value = RungReached.class, name = "RungReached")
})
public sealed interface TrialEvent
        permits TrialStarted, TrialProgressed, MetricsRecorded, RungReached, TrialCompleted, TrialFailed {

    TrialId trialId();

    /** The attempt this event belongs to; events of an attempt that is no longer current are stale. */
    int attempt();
}
