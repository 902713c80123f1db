package org.ranksweep.core.cost;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.model.VitShape;

/**
 * How a whole ViT is compressed: one {@link BlockPlan} per transformer block and, optionally, a plain-SVD rank for
 * the classifier head. The worker builds its model from this plan, and {@link ModelCost} prices it. Immutable and
 * thread-safe; round-trips through {@link org.ranksweep.core.json.Json}.
 *
 * @param shape    the architecture
 * @param blocks   one plan per block, {@code shape.depth()} of them
 * @param headRank rank of the plain SVD of the classifier Linear(d→K), or null when it stays dense
 */
public record ModelPlan(VitShape shape, List<BlockPlan> blocks, Integer headRank) {

    public ModelPlan {
        blocks = List.copyOf(blocks);
        List<Problem> problems = problems(shape, blocks, headRank);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** The uncompressed model. */
    public static ModelPlan dense(VitShape shape) {
        return new ModelPlan(shape, Collections.nCopies(shape.depth(), new DenseBlock()), null);
    }

    private static List<Problem> problems(VitShape shape, List<BlockPlan> blocks, Integer headRank) {
        List<Problem> problems = new ArrayList<>();
        if (blocks.size() != shape.depth()) {
            problems.add(new Problem(
                    "blocks", shape.name() + " has " + shape.depth() + " blocks, the plan lists " + blocks.size()));
        }
        int mlpMax = Math.min(shape.width(), shape.mlpHidden());
        for (int i = 0; i < blocks.size(); i++) {
            String path = "blocks[" + i + "]";
            BlockPlan block = blocks.get(i);
            atMost(problems, path + ".fc1Rank", block.fc1Rank(), mlpMax);
            atMost(problems, path + ".fc2Rank", block.fc2Rank(), mlpMax);
            if (block instanceof HeadLevelBlock headLevel) {
                headLevelProblems(problems, path, shape, headLevel);
            } else if (block instanceof MatrixLevelBlock matrix) {
                for (int rank : new int[] {matrix.rq(), matrix.rk(), matrix.rv(), matrix.ro()}) {
                    atMost(problems, path + ".rank", rank, shape.width());
                }
            }
        }
        atMost(problems, "headRank", headRank, Math.min(shape.width(), shape.classes()));
        return problems;
    }

    private static void headLevelProblems(List<Problem> problems, String path, VitShape shape, HeadLevelBlock block) {
        atMost(problems, path + ".heads", block.heads(), shape.heads());
        atMost(problems, path + ".qkRank", block.qkRank(), shape.headWidth());
        atMost(problems, path + ".voRank", block.voRank(), shape.headWidth());
        if (!block.keptHeads().isEmpty() && block.keptHeads().get(block.heads() - 1) >= shape.heads()) {
            problems.add(new Problem(
                    path + ".keptHeads",
                    "head index " + block.keptHeads().get(block.heads() - 1) + " is out of range for " + shape.heads()
                            + " heads"));
        }
    }

    private static void atMost(List<Problem> problems, String path, Integer value, int max) {
        if (value != null && value > max) {
            problems.add(new Problem(path, "must be at most " + max + ", was " + value));
        }
    }
}
