package org.ranksweep.core.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.model.VitShape;

/**
 * The compression methods a sweep may name, with the spec options each accepts. This is the one list of method
 * names: adding a method (e.g. {@code comcat-auto}) means adding a constant here. Thread-safe (immutable).
 */
public enum MethodKind {
    /** The uncompressed base model; a single point with no budget or ranks. */
    DENSE("dense", false, RankBound.NONE, false, false, false),
    /**
     * The dense control: the base model fine-tuned with exactly the sweep's fine-tuning recipe, so that a compressed
     * model's Δ top-1 measures compression, not the extra training. Added to every sweep that fine-tunes
     * ({@link ControlSpec#denseFt()}).
     */
    DENSE_FT("dense-ft", false, RankBound.NONE, false, false, false),
    /** Head-level low-rank attention (COMCAT): ranks per head, at most the head width. */
    COMCAT("comcat", true, RankBound.HEAD_WIDTH, false, true, false),
    /**
     * COMCAT with its automatic rank selection (COMCAT.md §4): per-matrix ranks searched under a parameter-reduction
     * ratio {@code rho} instead of a budget or explicit ranks.
     */
    COMCAT_AUTO("comcat-auto", true, RankBound.NONE, false, false, true),
    /** Plain SVD of each whole q/k/v/o matrix: ranks per matrix, at most the model width. */
    SVD_MATRIX("svd-matrix", true, RankBound.MODEL_WIDTH, false, false, false),
    /** Structured pruning of whole heads by importance; budgets only. */
    HEAD_PRUNE("head-prune", true, RankBound.NONE, true, false, false);

    private final String specName;
    private final boolean compresses;
    private final RankBound rankBound;
    private final boolean takesImportance;
    private final boolean takesFactorizeMlp;
    private final boolean searchesRanks;

    MethodKind(String specName, boolean compresses, RankBound rankBound, boolean takesImportance,
               boolean takesFactorizeMlp, boolean searchesRanks) {
        this.specName = specName;
        this.compresses = compresses;
        this.rankBound = rankBound;
        this.takesImportance = takesImportance;
        this.takesFactorizeMlp = takesFactorizeMlp;
        this.searchesRanks = searchesRanks;
    }

    /** The name used in specs and trial configurations, e.g. {@code svd-matrix}. */
    public String specName() {
        return specName;
    }

    /** Whether the method needs a search space ({@code budget} or {@code ranks}); false only for dense. */
    public boolean compresses() {
        return compresses;
    }

    /** What explicit ranks are bounded by; {@link RankBound#NONE} means {@code ranks} is not accepted. */
    public RankBound rankBound() {
        return rankBound;
    }

    public boolean takesImportance() {
        return takesImportance;
    }

    public boolean takesFactorizeMlp() {
        return takesFactorizeMlp;
    }

    /**
     * Whether the method searches its ranks: it takes {@code rho} (each trial keeps a budget of 1 − ρ) and the
     * search options of {@link RankSearchSpec}, never {@code budget} or {@code ranks}.
     */
    public boolean searchesRanks() {
        return searchesRanks;
    }

    public static Optional<MethodKind> find(String specName) {
        return Arrays.stream(values()).filter(kind -> kind.specName.equals(specName)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(MethodKind::specName).toList();
    }

    /** The largest rank a method's explicit ranks may take on a given architecture. */
    public enum RankBound {
        NONE, HEAD_WIDTH, MODEL_WIDTH;

        public int limit(VitShape shape) {
            return switch (this) {
                case NONE -> 0;
                case HEAD_WIDTH -> shape.headWidth();
                case MODEL_WIDTH -> shape.width();
            };
        }

        /** E.g. {@code the head width 24 of vit-tiny-fmnist}, for messages. */
        public String describe(VitShape shape) {
            String what = this == HEAD_WIDTH ? "the head width " : "the width ";
            return what + limit(shape) + " of " + shape.name();
        }
    }
}
