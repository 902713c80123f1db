package org.ranksweep.core.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.cost.BlockPlan;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;

/**
 * The ranks of a plan as a trial's result reports them ({@code ranks} in the JSON leaderboard and the API): the
 * method's attention ranks, then the plain-SVD ranks of fc1, fc2 and the classifier when the plan factorises them.
 * Stateless, thread-safe.
 */
public final class RankReport {

    private RankReport() {}

    /** The ranks a trial of {@code method} with {@code plan} reports. */
    public static Map<String, Object> of(CompressionMethod method, ModelPlan plan) {
        Map<String, Object> ranks = new LinkedHashMap<>(method.attentionRanks(plan));
        List<BlockPlan> blocks = plan.blocks();
        if (plan.headRank() != null) {
            ranks.put("fc1", blocks.stream().map(BlockPlan::fc1Rank).toList());
            ranks.put("fc2", blocks.stream().map(BlockPlan::fc2Rank).toList());
            ranks.put("head", plan.headRank());
        }
        return ranks;
    }

    /** {"qk":[r_qk per block], "vo":[r_vo per block]} of a head-level plan. */
    static Map<String, Object> headWidths(ModelPlan plan) {
        List<HeadLevelBlock> blocks = headLevel(plan);
        Map<String, Object> ranks = new LinkedHashMap<>();
        ranks.put("qk", blocks.stream().map(HeadLevelBlock::qkRank).toList());
        ranks.put("vo", blocks.stream().map(HeadLevelBlock::voRank).toList());
        return ranks;
    }

    /** {"heads":[[kept head indices] per block]} of a head-level plan. */
    static Map<String, Object> keptHeads(ModelPlan plan) {
        return Map.of(
                "heads", headLevel(plan).stream().map(HeadLevelBlock::keptHeads).toList());
    }

    /** {"rank":[..]} when each block uses one rank for q, k, v and o; otherwise {"qk":[r_q..],"vo":[r_v..]}. */
    static Map<String, Object> matrixRanks(ModelPlan plan) {
        List<MatrixLevelBlock> matrices =
                plan.blocks().stream().map(block -> (MatrixLevelBlock) block).toList();
        boolean uniform = matrices.stream()
                .allMatch(matrix ->
                        matrix.rq() == matrix.rk() && matrix.rk() == matrix.rv() && matrix.rv() == matrix.ro());
        Map<String, Object> ranks = new LinkedHashMap<>();
        if (uniform) {
            ranks.put("rank", matrices.stream().map(MatrixLevelBlock::rq).toList());
        } else {
            ranks.put("qk", matrices.stream().map(MatrixLevelBlock::rq).toList());
            ranks.put("vo", matrices.stream().map(MatrixLevelBlock::rv).toList());
        }
        return ranks;
    }

    private static List<HeadLevelBlock> headLevel(ModelPlan plan) {
        return plan.blocks().stream().map(block -> (HeadLevelBlock) block).toList();
    }
}
