package org.ranksweep.core.trial;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identity of a sweep (database key). */
public record SweepId(@JsonValue long value) {

    @JsonCreator
    public static SweepId of(long value) {
        return new SweepId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
