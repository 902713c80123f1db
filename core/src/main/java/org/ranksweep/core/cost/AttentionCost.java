package org.ranksweep.core.cost;

import org.ranksweep.core.model.VitShape;

/**
 * Cost of one attention sublayer (q, k, v, o projections and the two attention matmuls) in the three forms of the
 * structure contract. Parameters include biases. Stateless, thread-safe.
 */
public final class AttentionCost {

    private AttentionCost() {}

    /** Four Linear(d→d, bias): {@code 4d² + 4d} params, {@code 2d·(2Nd + N²)} MACs. */
    public static Cost dense(VitShape shape) {
        return headLevel(shape, shape.heads(), shape.headWidth(), shape.headWidth());
    }

    /**
     * An MHA with {@code heads} heads of query/key width {@code qkRank} and value/output width {@code voRank}:
     * q, k: Linear(d→H'·r_qk, bias), v: Linear(d→H'·r_vo, bias), o: Linear(H'·r_vo→d, bias); MACs
     * {@code H'(r_qk + r_vo)(2Nd + N²)}. With zero heads only the output bias (d params) remains.
     */
    public static Cost headLevel(VitShape shape, int heads, int qkRank, int voRank) {
        long d = shape.width();
        long n = shape.tokens();
        long qkWidth = (long) heads * qkRank;
        long voWidth = (long) heads * voRank;
        long params = 2 * (d * qkWidth + qkWidth) + (d * voWidth + voWidth) + (voWidth * d + d);
        long macs = (qkWidth + voWidth) * (2 * n * d + n * n);
        return new Cost(params, macs);
    }

    /**
     * Each of q, k, v, o as Linear(d→r, no bias) then Linear(r→d, bias); heads keep their full width d_h, so the
     * attention matmuls still cost {@code 2N²d}.
     */
    public static Cost matrixLevel(VitShape shape, int rq, int rk, int rv, int ro) {
        int d = shape.width();
        long n = shape.tokens();
        Cost projections = LinearCost.svd(d, d, rq, n)
                .plus(LinearCost.svd(d, d, rk, n))
                .plus(LinearCost.svd(d, d, rv, n))
                .plus(LinearCost.svd(d, d, ro, n));
        return projections.plus(new Cost(0, 2 * n * n * d));
    }

    /** Weights of the dense q, k, v, o without biases, {@code 4d²}: the basis of attention budgets. */
    public static long denseWeights(VitShape shape) {
        return 4L * shape.width() * shape.width();
    }

    /** Weights without biases of the head-level form: {@code 2d·H'·(r_qk + r_vo)}. */
    public static long headLevelWeights(VitShape shape, int heads, int qkRank, int voRank) {
        return 2L * shape.width() * heads * (qkRank + voRank);
    }

    /** Weights without biases of the matrix-level form: {@code 2d·(r_q + r_k + r_v + r_o)}. */
    public static long matrixLevelWeights(VitShape shape, int rq, int rk, int rv, int ro) {
        return 2L * shape.width() * ((long) rq + rk + rv + ro);
    }
}
