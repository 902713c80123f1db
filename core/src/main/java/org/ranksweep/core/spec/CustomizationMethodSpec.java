package org.ranksweep.core.spec;

import java.util.List;

/**
 * One method entry of a customization sweep.
 *
 * @param name  a name from {@code CustomizationMethods}
 * @param ranks the ranks to run it at (one trial each); empty for a method without a rank
 * @param lr    its learning rate
 */
public record CustomizationMethodSpec(String name, List<Integer> ranks, double lr) {

    public CustomizationMethodSpec {
        ranks = List.copyOf(ranks);
    }
}
