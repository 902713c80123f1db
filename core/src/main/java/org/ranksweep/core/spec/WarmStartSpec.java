package org.ranksweep.core.spec;

import java.util.List;

/**
 * What a worker needs to choose a warm-started rank vector of per-layer rank candidates itself: where the ranks come
 * from ({@code spectrum}: proportional to each layer's energy in the trained base model, see docs/specs.md), the
 * candidates and the budget whose uniform comcat parameters cap the vector. Immutable.
 *
 * @param from   the warm start, {@link SpecNames#SPECTRUM}
 * @param qk     candidate per-head ranks of the query/key products, one ascending list per block
 * @param vo     likewise for the value/output products
 * @param budget the attention budget (a fraction in (0, 1]) whose uniform comcat plan caps the vector's parameters
 */
public record WarmStartSpec(String from, List<List<Integer>> qk, List<List<Integer>> vo, double budget) {

    public WarmStartSpec {
        qk = qk.stream().map(List::copyOf).toList();
        vo = vo.stream().map(List::copyOf).toList();
    }
}
