package org.ranksweep.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One compression method to compare, with its search space: either attention-parameter budgets (fractions of the
 * dense attention parameters, each in (0, 1]) or explicit per-layer ranks. {@code dense} has neither;
 * {@code comcat-auto} is given parameter-reduction ratios ρ, kept here as the budgets 1 − ρ.
 *
 * @param name         {@code dense}, {@code comcat}, {@code comcat-auto}, {@code svd-matrix}, {@code head-prune}
 * @param label        unique name of this entry in the sweep (defaults to {@code name})
 * @param budget       attention-parameter budgets to try (comcat-auto: 1 − ρ of the searchable weights); empty
 *                     when {@code ranks} is given
 * @param ranks        explicit per-layer ranks; null when budgets are given
 * @param importance   head importance for {@code head-prune}: {@code l1} (default) or {@code taylor}
 * @param factorizeMlp also factorize fc1/fc2/classifier by plain SVD ({@code comcat} only)
 * @param rankSearch   the rank search of {@code comcat-auto}, defaults applied; null for every other method
 * @param rankSpace    per-layer rank candidates of a {@code comcat} entry, sampled within a budget (its points are
 *                     drawn by the planner; {@code budget} is then empty and {@code ranks} null); null otherwise, and
 *                     then left out of the JSON
 */
public record MethodSpec(
        String name,
        String label,
        List<Double> budget,
        RankSpec ranks,
        String importance,
        boolean factorizeMlp,
        @JsonInclude(JsonInclude.Include.NON_NULL) RankSearchSpec rankSearch,
        @JsonInclude(JsonInclude.Include.NON_NULL) RankSpaceSpec rankSpace) {

    public MethodSpec {
        budget = budget == null ? List.of() : List.copyOf(budget);
    }

    /** A method without a rank search. */
    public MethodSpec(
            String name, String label, List<Double> budget, RankSpec ranks, String importance, boolean factorizeMlp) {
        this(name, label, budget, ranks, importance, factorizeMlp, null, null);
    }

    /** A method with a rank search (or none) and no rank space. */
    public MethodSpec(
            String name,
            String label,
            List<Double> budget,
            RankSpec ranks,
            String importance,
            boolean factorizeMlp,
            RankSearchSpec rankSearch) {
        this(name, label, budget, ranks, importance, factorizeMlp, rankSearch, null);
    }
}
