package org.ranksweep.core.trial;

/** Identity of a sweep (database key). */
public record SweepId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
