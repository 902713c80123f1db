package org.ranksweep.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A comcat entry's search space over per-layer ranks ({@code ranks: {qk: {per-layer: [...]}, vo: {per-layer:
 * [...]}}}): {@code samples} distinct rank vectors, each per-head rank one of its block's candidates, drawn from a
 * generator seeded with {@code seed} among the vectors whose whole model holds no more parameters than uniform comcat
 * at {@code budget}. The planner turns each vector into an explicit-ranks comcat point, and with a warm start adds one
 * more point whose vector the worker chooses within the same budget. Immutable.
 *
 * @param qk      candidate per-head ranks of the query/key products, one ascending list per block
 * @param vo      likewise for the value/output products
 * @param budget  the attention budget (a fraction in (0, 1]) whose uniform comcat plan caps the vectors' parameters
 * @param samples how many distinct vectors to draw, each one point of the entry
 * @param seed      the draw's seed (the entry's {@code seed}, default 0; independent of the sweep sampler's)
 * @param warmStart {@link SpecNames#SPECTRUM} for one more point, {@link #warmStartLabel labelled} {@code
 *                  <label>#spectrum}, whose vector the worker chooses from the base model's spectrum; null for none,
 *                  and then left out of the JSON
 */
public record RankSpaceSpec(
        List<List<Integer>> qk,
        List<List<Integer>> vo,
        double budget,
        int samples,
        long seed,
        @JsonInclude(JsonInclude.Include.NON_NULL) String warmStart) {

    public RankSpaceSpec {
        qk = qk.stream().map(List::copyOf).toList();
        vo = vo.stream().map(List::copyOf).toList();
    }

    /** A space without a warm start. */
    public RankSpaceSpec(List<List<Integer>> qk, List<List<Integer>> vo, double budget, int samples, long seed) {
        this(qk, vo, budget, samples, seed, null);
    }

    /** The points of the space: the drawn vectors, and the warm start's when there is one. */
    public int points() {
        return samples + (warmStart == null ? 0 : 1);
    }

    /** What the worker needs to choose the warm start's vector; null without a warm start. */
    public WarmStartSpec warmStartSpec() {
        return warmStart == null ? null : new WarmStartSpec(warmStart, qk, vo, budget);
    }

    /** The label of the warm start's point of an entry labelled {@code label}, e.g. {@code comcat-space#spectrum}. */
    public static String warmStartLabel(String label, String warmStart) {
        return label + "#" + warmStart;
    }

    /** The label of the {@code index}-th drawn vector of an entry labelled {@code label}, e.g. {@code comcat-space#3}. */
    public static String pointLabel(String label, int index) {
        return label + "#" + index;
    }
}
