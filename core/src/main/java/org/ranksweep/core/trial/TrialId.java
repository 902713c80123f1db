package org.ranksweep.core.trial;

/** Identity of a trial (database key). */
public record TrialId(long value) {
    @Override
    public String toString() {
        return Long.toString(value);
    }
}
