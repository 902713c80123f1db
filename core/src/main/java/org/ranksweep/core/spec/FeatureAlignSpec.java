package org.ranksweep.core.spec;

import java.util.List;

/** Adds weight·MSE(student block output, teacher block output) for the listed blocks; weight 0 turns it off. */
public record FeatureAlignSpec(double weight, List<Integer> blocks) {

    public FeatureAlignSpec {
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }
}
