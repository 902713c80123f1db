package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Soft singular-value masks for one forward pass of a rank-search supernet (COMCAT.md §4): per block a mask over
 * the per-head query/key width (QK), the per-head value/output width (VO) and, when fc1 and fc2 are factorised,
 * over their rank; one over the classifier's rank. A mask μ scales the factorised component k by μ_k, so with
 * factors in SVD order and μ_k = Σ_{a: r_a > k} m_a the layer computes the gate-weighted mixture of its rank-r_a
 * truncations in one pass. Any mask may be null (that matrix is used as is). Passed to
 * {@link VisionTransformerBlock} as the forward parameter {@link #KEY}; the arrays are the caller's and may carry
 * gradients. Not thread-safe (holds engine arrays of one step).
 *
 * @param blocks one entry per encoder block, in order
 * @param head   mask over the classifier's rank, or null
 */
public record RankMasks(List<Block> blocks, NDArray head) {

    /** Forward parameter key of {@link VisionTransformerBlock} carrying a {@code RankMasks}. */
    public static final String KEY = "rankMasks";
    /** Forward parameter key of {@link EncoderBlock} and {@link AttentionBlock} carrying one {@link Block}. */
    static final String BLOCK_KEY = "blockRankMasks";
    /** Forward parameter key of {@link FactorizedLinearBlock} carrying the mask over its rank. */
    static final String LINEAR_KEY = "rankMask";

    public RankMasks {
        blocks = List.copyOf(blocks);
    }

    /**
     * The masks of one encoder block; each null or of the matching width.
     *
     * @param qk  over the per-head query/key width
     * @param vo  over the per-head value/output width
     * @param fc1 over fc1's rank (fc1 must be factorised)
     * @param fc2 over fc2's rank (fc2 must be factorised)
     */
    public record Block(NDArray qk, NDArray vo, NDArray fc1, NDArray fc2) {}

    /** Forward parameters asking a {@link VisionTransformerBlock} to apply these masks. */
    public PairList<String, Object> request() {
        return parameters(KEY, this);
    }

    /** Forward parameters asking one {@link EncoderBlock} or {@link AttentionBlock} to apply {@code block}. */
    public static PairList<String, Object> blockRequest(Block block) {
        return parameters(BLOCK_KEY, block);
    }

    /** Forward parameters asking one {@link FactorizedLinearBlock} to scale its components by {@code mask}. */
    public static PairList<String, Object> linearRequest(NDArray mask) {
        return parameters(LINEAR_KEY, mask);
    }

    /** The masks a forward's parameters carry under {@code key}, or null. */
    static <T> T find(PairList<String, Object> params, String key, Class<T> type) {
        return params == null || params.get(key) == null ? null : type.cast(params.get(key));
    }

    /** Parameters for block {@code index}; null when that block has no entry. */
    PairList<String, Object> forBlock(int index) {
        return index < blocks.size() ? parameters(BLOCK_KEY, blocks.get(index)) : null;
    }

    /** Parameters for a factorised Linear with the given mask; null when the mask is null. */
    static PairList<String, Object> forLinear(NDArray mask) {
        return mask == null ? null : parameters(LINEAR_KEY, mask);
    }

    private static PairList<String, Object> parameters(String key, Object value) {
        PairList<String, Object> params = new PairList<>();
        params.add(key, value);
        return params;
    }
}
