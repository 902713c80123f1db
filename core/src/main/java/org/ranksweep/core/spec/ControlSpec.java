package org.ranksweep.core.spec;

/**
 * Control trials the planner adds so that a sweep's comparisons are fair. Immutable and thread-safe.
 *
 * @param denseFt        add a {@code dense-ft} trial (the base fine-tuned with the sweep's recipe) per seed whenever
 *                       compressed trials fine-tune and the spec names no {@code dense-ft} entry itself
 * @param computeMatched add, for every {@code comcat-auto} budget, a uniform {@code comcat} trial at the same budget
 *                       whose fine-tuning runs as many extra epochs as the search trains weights, labelled
 *                       {@code <label>-uniform}
 */
public record ControlSpec(boolean denseFt, boolean computeMatched) {

    /** Both controls on: what a sweep gets unless its spec turns them off. */
    public static ControlSpec defaults() {
        return new ControlSpec(true, true);
    }
}
