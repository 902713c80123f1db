package org.ranksweep.core.method;

import java.util.List;
import org.ranksweep.core.cost.BlockPlan;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;

/**
 * Plain-SVD ranks for fc1, fc2 and the classifier that keep the same fraction of their weights as a plan's attention
 * keeps of its own: r = max(1, round(f·in·out/(in+out))) with f the plan's attention fraction (RankSweep's rule for
 * {@code factorizeMlp}). Stateless, thread-safe.
 */
public final class MlpRanks {

    private MlpRanks() {}

    /** {@code plan} with fc1/fc2/classifier ranks keeping its attention's weight fraction. */
    public static ModelPlan matchAttention(ModelPlan plan) {
        VitShape shape = plan.shape();
        double fraction = ModelCost.attentionFraction(plan);
        int fcRank = rank(fraction, shape.width(), shape.mlpHidden());
        List<BlockPlan> blocks = plan.blocks().stream()
                .map(block -> block.withMlpRanks(fcRank, fcRank))
                .toList();
        return new ModelPlan(shape, blocks, rank(fraction, shape.width(), shape.classes()));
    }

    private static int rank(double fraction, int in, int out) {
        long rank = Math.round(fraction * in * out / (in + out));
        return (int) Math.max(1, Math.min(Math.min(in, out), rank));
    }
}
