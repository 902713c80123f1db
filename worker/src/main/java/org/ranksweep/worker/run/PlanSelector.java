package org.ranksweep.worker.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.BlockPlan;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/**
 * Turns a trial's method, budget or ranks into the {@link ModelPlan} to build, and describes the plan's ranks for
 * the result. With {@code factorizeMlp} (comcat only) fc1, fc2 and the classifier get plain-SVD ranks that keep the
 * same fraction of their weights as the attention keeps of its own: r = max(1, round(f·in·out/(in+out))) with f the
 * plan's attention fraction (the contract fixes no MLP allocation rule; this one is ours). Thread-safe (stateless).
 */
final class PlanSelector {

    private PlanSelector() {
    }

    /**
     * The plan of a trial. {@code headScores} is asked for only by head-prune: importance per block and head.
     */
    static ModelPlan select(TrialConfig config, CompressionMethod method, VitShape shape,
                            Supplier<double[][]> headScores) {
        if (config.factorizeMlp() && method != CompressionMethod.COMCAT) {
            throw invalid("factorizeMlp", "is only defined for comcat, not " + method.specName());
        }
        ModelPlan attention = switch (method) {
            case DENSE, DENSE_FT -> ModelPlan.dense(shape);
            case COMCAT -> config.budget() != null ? BudgetAllocator.comcat(shape, config.budget())
                    : BudgetAllocator.comcatRanks(shape, requireRanks(config, method));
            case SVD_MATRIX -> config.budget() != null ? BudgetAllocator.svdMatrix(shape, config.budget())
                    : BudgetAllocator.svdMatrixRanks(shape, requireRanks(config, method));
            case HEAD_PRUNE -> BudgetAllocator.headPrune(shape, requireBudget(config, method), headScores.get());
            case COMCAT_AUTO -> throw new IllegalArgumentException("comcat-auto's plan comes from its rank search");
        };
        return config.factorizeMlp() ? withMlpRanks(attention) : attention;
    }

    /** Adds fc1/fc2/classifier ranks keeping the attention's weight fraction. */
    static ModelPlan withMlpRanks(ModelPlan plan) {
        VitShape shape = plan.shape();
        double fraction = ModelCost.attentionFraction(plan);
        int fcRank = rank(fraction, shape.width(), shape.mlpHidden());
        List<BlockPlan> blocks = plan.blocks().stream().map(block -> block.withMlpRanks(fcRank, fcRank)).toList();
        return new ModelPlan(shape, blocks, rank(fraction, shape.width(), shape.classes()));
    }

    private static int rank(double fraction, int in, int out) {
        long rank = Math.round(fraction * in * out / (in + out));
        return (int) Math.max(1, Math.min(Math.min(in, out), rank));
    }

    /** The per-layer ranks or kept heads of a plan, as reported in a trial's result. */
    static Map<String, Object> ranks(ModelPlan plan, CompressionMethod method) {
        Map<String, Object> ranks = new LinkedHashMap<>();
        List<BlockPlan> blocks = plan.blocks();
        switch (method) {
            case COMCAT, COMCAT_AUTO -> {
                ranks.put("qk", blocks.stream().map(block -> ((HeadLevelBlock) block).qkRank()).toList());
                ranks.put("vo", blocks.stream().map(block -> ((HeadLevelBlock) block).voRank()).toList());
            }
            case HEAD_PRUNE -> ranks.put("heads", blocks.stream().map(block -> ((HeadLevelBlock) block).keptHeads())
                    .toList());
            case SVD_MATRIX -> putMatrixRanks(ranks, blocks);
            case DENSE, DENSE_FT -> {
            }
        }
        if (plan.headRank() != null) {
            ranks.put("fc1", blocks.stream().map(BlockPlan::fc1Rank).toList());
            ranks.put("fc2", blocks.stream().map(BlockPlan::fc2Rank).toList());
            ranks.put("head", plan.headRank());
        }
        return ranks;
    }

    /** {"rank":[..]} when each block uses one rank for q, k, v and o; otherwise {"qk":[r_q..],"vo":[r_v..]}. */
    private static void putMatrixRanks(Map<String, Object> ranks, List<BlockPlan> blocks) {
        List<MatrixLevelBlock> matrices = blocks.stream().map(block -> (MatrixLevelBlock) block).toList();
        boolean uniform = matrices.stream().allMatch(matrix -> matrix.rq() == matrix.rk()
                && matrix.rk() == matrix.rv() && matrix.rv() == matrix.ro());
        if (uniform) {
            ranks.put("rank", matrices.stream().map(MatrixLevelBlock::rq).toList());
        } else {
            ranks.put("qk", matrices.stream().map(MatrixLevelBlock::rq).toList());
            ranks.put("vo", matrices.stream().map(MatrixLevelBlock::rv).toList());
        }
    }

    private static org.ranksweep.core.spec.RankSpec requireRanks(TrialConfig config, CompressionMethod method) {
        if (config.ranks() == null) {
            throw invalid("budget", method.specName() + " needs a budget or explicit ranks");
        }
        return config.ranks();
    }

    private static double requireBudget(TrialConfig config, CompressionMethod method) {
        if (config.budget() == null) {
            throw invalid("budget", method.specName() + " needs a budget");
        }
        return config.budget();
    }

    private static ValidationException invalid(String path, String message) {
        List<Problem> problems = new ArrayList<>();
        problems.add(new Problem(path, message));
        return new ValidationException(problems);
    }
}
