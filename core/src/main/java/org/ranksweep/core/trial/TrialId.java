package org.ranksweep.core.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identity of a trial (database key). */
public record TrialId(@JsonValue long value) {

    @JsonCreator
    public static TrialId of(long value) {
        return new TrialId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
