package org.ranksweep.worker.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Counts the parameters a built model really holds. Thread-safe (stateless). */
public final class ModelParameters {

    private ModelParameters() {}

    /** Total number of scalar parameters of an initialised block tree. */
    public static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> entry : block.getParameters()) {
            total += entry.getValue().getArray().getShape().size();
        }
        return total;
    }
}
