package org.ranksweep.core.spec;

import java.util.List;

/**
 * Explicit per-layer ranks, one entry per transformer block. For head-level methods the value is the rank per
 * head (at most d_h); for {@code svd-matrix} it is the rank of each whole matrix (at most d).
 *
 * @param qk ranks of the query/key product per block
 * @param vo ranks of the value/output product per block
 */
public record RankSpec(List<Integer> qk, List<Integer> vo) {

    public RankSpec {
        qk = List.copyOf(qk);
        vo = List.copyOf(vo);
    }
}
