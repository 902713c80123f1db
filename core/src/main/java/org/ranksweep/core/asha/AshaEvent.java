package org.ranksweep.core.asha;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of a scheduler's history: a trial's report or a decision. Replaying the history rebuilds the
 * scheduler's state exactly (see {@link AshaScheduler#replay}). Crosses to PostgreSQL and the API as JSON, its kind
 * in {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AshaEvent.Reported.class, name = "Reported"),
    @JsonSubTypes.Type(value = AshaEvent.Dropped.class, name = "Dropped"),
    @JsonSubTypes.Type(value = AshaDecision.Started.class, name = "Started"),
    @JsonSubTypes.Type(value = AshaDecision.Promoted.class, name = "Promoted"),
    @JsonSubTypes.Type(value = AshaDecision.Completed.class, name = "Completed"),
    @JsonSubTypes.Type(value = AshaDecision.Pruned.class, name = "Pruned")
})
public sealed interface AshaEvent permits AshaEvent.Reported, AshaEvent.Dropped, AshaDecision {

    /** The trial the entry is about. */
    int trialId();

    /** A trial reported its metrics at a rung. */
    record Reported(RungResult result) implements AshaEvent {

        @Override
        @JsonIgnore
        public int trialId() {
            return result.trialId();
        }
    }

    /**
     * A running trial will never report: it failed for good or was cancelled. It leaves its bracket's running set
     * without a result, so the bracket can still end.
     */
    record Dropped(int trialId, String reason) implements AshaEvent {}
}
