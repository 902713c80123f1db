package org.ranksweep.worker.diagnostics;

/**
 * Energy ranks of one encoder block's attention: per head of W_QK^h = W_Q^h W_K^hᵀ and W_VO^h = W_V^h W_O^h
 * (mean over heads and, at 90 %, the largest head), and of the whole d×d projections W_Q, W_K, W_V, W_O.
 * Immutable and thread-safe.
 *
 * @param block 0-based block index
 */
public record BlockSpectrum(
        int block,
        double qkRank90,
        double qkRank99,
        int qkRank90Max,
        double voRank90,
        double voRank99,
        int voRank90Max,
        int qRank90,
        int qRank99,
        int kRank90,
        int kRank99,
        int vRank90,
        int vRank99,
        int oRank90,
        int oRank99) {}
