package org.ranksweep.worker.ranksearch;

import org.ranksweep.worker.compress.LowRankLinear;
import org.ranksweep.worker.compress.ProductSvd;
import org.ranksweep.worker.compress.Svd;

/**
 * Re-factorisation, truncation and merging of a factorised Linear ({@code y = x·first·second + bias}) for the
 * rank-search supernet, like {@link HeadLevelFactors} for attention: in SVD order (first = U, second = Σ·Vᵀ) a
 * rank-r truncation is the first r components. Stateless, thread-safe.
 */
final class LinearFactors {

    private LinearFactors() {}

    /** The same map with first·second in SVD order, at the same rank. */
    static LowRankLinear refactorize(LowRankLinear linear) {
        int in = linear.in();
        int out = linear.out();
        // ProductSvd needs factors of one height: zero rows leave the product's singular triplets unchanged.
        int height = Math.max(in, out);
        Svd svd = ProductSvd.of(
                FactorArrays.padded(linear.first(), height), FactorArrays.transposedPadded(linear.second(), height));
        float[][] first = new float[in][linear.rank()];
        float[][] second = new float[linear.rank()][out];
        for (int row = 0; row < in; row++) {
            for (int index = 0; index < linear.rank(); index++) {
                first[row][index] = (float) svd.u()[row][index];
            }
        }
        for (int index = 0; index < linear.rank(); index++) {
            for (int column = 0; column < out; column++) {
                second[index][column] = (float) (svd.s()[index] * svd.v()[column][index]);
            }
        }
        return new LowRankLinear(first, second, linear.bias().clone());
    }

    /** The first {@code rank} components. */
    static LowRankLinear truncate(LowRankLinear linear, int rank) {
        float[][] first = new float[linear.in()][rank];
        float[][] second = new float[rank][];
        for (int row = 0; row < linear.in(); row++) {
            System.arraycopy(linear.first()[row], 0, first[row], 0, rank);
        }
        for (int index = 0; index < rank; index++) {
            second[index] = linear.second()[index].clone();
        }
        return new LowRankLinear(first, second, linear.bias().clone());
    }

    /** The supernet factors with their leading components and the bias taken from {@code trained}. */
    static LowRankLinear merge(LowRankLinear supernet, LowRankLinear trained) {
        float[][] first = FactorArrays.copy(supernet.first());
        float[][] second = FactorArrays.copy(supernet.second());
        for (int row = 0; row < first.length; row++) {
            System.arraycopy(trained.first()[row], 0, first[row], 0, trained.rank());
        }
        for (int index = 0; index < trained.rank(); index++) {
            second[index] = trained.second()[index].clone();
        }
        return new LowRankLinear(first, second, trained.bias().clone());
    }
}
