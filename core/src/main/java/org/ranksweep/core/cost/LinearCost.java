package org.ranksweep.core.cost;

/**
 * Cost of a Linear layer {@code in → out} with bias, dense or as a plain two-factor SVD. Stateless, thread-safe.
 */
public final class LinearCost {

    private LinearCost() {}

    /**
     * A dense Linear(in→out, bias) applied to {@code tokens} tokens: {@code in·out + out} params,
     * {@code tokens·in·out} MACs.
     */
    public static Cost dense(int in, int out, long tokens) {
        return new Cost((long) in * out + out, tokens * in * out);
    }

    /**
     * Linear(in→r, no bias) then Linear(r→out, bias): {@code (in+out)·r + out} params, {@code tokens·(in+out)·r}
     * MACs.
     */
    public static Cost svd(int in, int out, int rank, long tokens) {
        long weights = (long) (in + out) * rank;
        return new Cost(weights + out, tokens * weights);
    }

    /** Whether the rank-{@code rank} factorization holds fewer weights than the dense matrix: r < in·out/(in+out). */
    public static boolean svdSaves(int in, int out, int rank) {
        return (long) (in + out) * rank < (long) in * out;
    }
}
