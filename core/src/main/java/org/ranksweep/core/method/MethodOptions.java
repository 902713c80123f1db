package org.ranksweep.core.method;

/**
 * The spec keys a method accepts beyond {@code name} and {@code label}.
 *
 * @param compresses        whether it takes a search space ({@code budget}, {@code ranks} or {@code rho}); false for
 *                          single points such as dense
 * @param rankBound         what explicit {@code ranks} are bounded by; {@link RankBound#NONE} refuses {@code ranks}
 * @param takesImportance   whether it takes {@code importance} (l1 | taylor)
 * @param takesFactorizeMlp whether it takes {@code factorizeMlp}
 * @param searchesRanks     whether it searches its ranks: {@code rho} and the rank-search keys instead of
 *                          {@code budget} or {@code ranks}
 */
public record MethodOptions(
        boolean compresses,
        RankBound rankBound,
        boolean takesImportance,
        boolean takesFactorizeMlp,
        boolean searchesRanks) {

    /** A single point: no budget, ranks or other options. */
    public static final MethodOptions SINGLE_POINT = new MethodOptions(false, RankBound.NONE, false, false, false);
}
