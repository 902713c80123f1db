package org.ranksweep.core.cost;

import org.ranksweep.core.model.VitShape;

/**
 * The kinds of matrix a rank search chooses ranks for, with their weights (biases excluded) dense and at a rank,
 * per COMCAT.md §3: the per-head products QK and VO of one block as head-level factors (rank per head), and fc1,
 * fc2 and the classifier as a plain two-factor SVD. Thread-safe (constants).
 */
public enum SearchableMatrix {
    /** W_Q·W_Kᵀ of every head of a block: dense q and k weights 2d², at per-head rank r {@code 2·d·h·r}. */
    QK("qk"),
    /** W_V·W_O of every head of a block: dense v and o weights 2d², at per-head rank r {@code 2·d·h·r}. */
    VO("vo"),
    /** fc1 (d→hidden) of a block: dense {@code d·hidden}, at rank r {@code (d + hidden)·r}. */
    FC1("fc1"),
    /** fc2 (hidden→d) of a block: dense {@code hidden·d}, at rank r {@code (hidden + d)·r}. */
    FC2("fc2"),
    /** The classifier (d→K), once per model: dense {@code d·K}, at rank r {@code (d + K)·r}. */
    HEAD("head");

    private final String key;

    SearchableMatrix(String key) {
        this.key = key;
    }

    /** The key of this kind in spec candidates and result ranks, e.g. {@code qk}. */
    public String key() {
        return key;
    }

    /** Whether the model has one such matrix per block (all but the classifier). */
    public boolean perBlock() {
        return this != HEAD;
    }

    /** Weights of the dense matrix (or, for QK and VO, the pair of dense projections it replaces). */
    public long denseWeights(VitShape shape) {
        long d = shape.width();
        return switch (this) {
            case QK, VO -> 2 * d * d;
            case FC1, FC2 -> d * shape.mlpHidden();
            case HEAD -> d * shape.classes();
        };
    }

    /** Weights at {@code rank}: per head for QK and VO, of the two SVD factors otherwise. */
    public long weights(VitShape shape, int rank) {
        long d = shape.width();
        return switch (this) {
            case QK, VO -> 2 * d * shape.heads() * rank;
            case FC1, FC2 -> (d + shape.mlpHidden()) * rank;
            case HEAD -> (d + shape.classes()) * rank;
        };
    }
}
