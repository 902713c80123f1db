package org.ranksweep.core.method;

/** {@code dense}: the base model as trained, evaluated as it is; the reference for speed-up. */
final class Dense extends DenseModel {

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public Execution execution() {
        return Execution.EVALUATE_BASE;
    }
}
