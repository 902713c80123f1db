package org.ranksweep.core.spec;

import java.util.List;

/**
 * A comcat entry's search space over per-layer ranks ({@code ranks: {qk: {per-layer: [...]}, vo: {per-layer:
 * [...]}}}): {@code samples} distinct rank vectors, each per-head rank one of its block's candidates, drawn from a
 * generator seeded with {@code seed} among the vectors whose whole model holds no more parameters than uniform comcat
 * at {@code budget}. The planner turns each vector into an explicit-ranks comcat point. Immutable.
 *
 * @param qk      candidate per-head ranks of the query/key products, one ascending list per block
 * @param vo      likewise for the value/output products
 * @param budget  the attention budget (a fraction in (0, 1]) whose uniform comcat plan caps the vectors' parameters
 * @param samples how many distinct vectors to draw, each one point of the entry
 * @param seed    the draw's seed (the entry's {@code seed}, default 0; independent of the sweep sampler's)
 */
public record RankSpaceSpec(List<List<Integer>> qk, List<List<Integer>> vo, double budget, int samples, long seed) {

    public RankSpaceSpec {
        qk = qk.stream().map(List::copyOf).toList();
        vo = vo.stream().map(List::copyOf).toList();
    }

    /** The label of the {@code index}-th drawn vector of an entry labelled {@code label}, e.g. {@code comcat-space#3}. */
    public static String pointLabel(String label, int index) {
        return label + "#" + index;
    }
}
