package org.ranksweep.core.pareto;

/** Whether an objective is maximised or minimised. */
public enum Goal {
    MAX,
    MIN;

    /** The value turned into one to minimise: negated for {@link #MAX}. */
    public double minimised(double value) {
        return this == MAX ? -value : value;
    }
}
