package org.ranksweep.core.method;

/**
 * {@code dense-ft}: the control — a copy of the base model fine-tuned with exactly the sweep's recipe, so that a
 * compressed model's Δ top-1 measures compression, not the extra training. The planner adds it to every sweep that
 * fine-tunes ({@code controls.denseFt}).
 */
final class DenseFt extends DenseModel {

    @Override
    public String name() {
        return "dense-ft";
    }

    @Override
    public Execution execution() {
        return Execution.BUILD_PLAN;
    }
}
