package org.ranksweep.core.method;

/** How a compressed model's attention is filled from the dense weights, given a plan's blocks. */
public enum AttentionForm {
    /** Every head copied unchanged (dense plans). */
    COPY,
    /** Per head, truncated SVDs of the W_Q·W_Kᵀ and W_V·W_O products at the plan's widths (COMCAT). */
    HEAD_FACTORIZED,
    /** The plan's kept heads copied unchanged, the removed heads' value bias folded into the output bias. */
    HEADS_KEPT,
    /** Truncated SVD of each whole W_Q, W_K, W_V, W_O at the plan's ranks. */
    MATRIX_FACTORIZED
}
