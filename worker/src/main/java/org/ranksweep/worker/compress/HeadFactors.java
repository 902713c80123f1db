package org.ranksweep.worker.compress;

/**
 * The exact thin SVDs of one head's two products, {@code W_QK = W_Q·W_Kᵀ} and {@code W_VO = W_V·W_O} (each d×d of
 * rank ≤ d_h, stored with d_h singular values). Every rank truncation of a head reads from these. Thread-safe when
 * not mutated.
 */
public record HeadFactors(Svd qk, Svd vo) {}
