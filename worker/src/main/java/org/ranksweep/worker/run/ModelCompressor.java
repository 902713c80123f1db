package org.ranksweep.worker.run;

import ai.djl.Model;
import java.util.List;
import org.ranksweep.core.cost.BlockPlan;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.method.AttentionForm;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.compress.ComcatFactorizer;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.compress.HeadPruner;
import org.ranksweep.worker.compress.MatrixSvd;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.ModelTransfer;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;

/**
 * Builds the compressed model a plan describes from a dense base model: the attention of every block in the
 * plan's {@link AttentionForm} (head-level factorisation, kept heads, matrix-level factorisation or a copy),
 * everything else copied or, when the plan factorises the MLP or classifier, replaced by its plain SVD. Thread-safe (stateless); runs on the calling
 * thread with its autograd off.
 */
public final class ModelCompressor {

    private ModelCompressor() {}

    /** A new model (the caller closes it) holding {@code plan}'s ViT filled from {@code base}. */
    public static Model compress(Model base, ModelPlan plan, AttentionForm form, String name) {
        TorchRuntime.disableGradients();
        VisionTransformerBlock dense = VitFactory.vit(base);
        Model compressed = VitFactory.create(name, plan, 0);
        try {
            VisionTransformerBlock target = VitFactory.vit(compressed);
            ModelTransfer.copyAllButAttention(dense, target);
            VitShape shape = plan.shape();
            List<BlockPlan> blocks = plan.blocks();
            for (int index = 0; index < blocks.size(); index++) {
                DenseAttention attention =
                        AttentionWeights.read(dense.blocks().get(index).attention(), shape.width(), shape.heads());
                writeAttention(
                        form,
                        blocks.get(index),
                        attention,
                        target.blocks().get(index).attention());
            }
            return compressed;
        } catch (RuntimeException e) {
            compressed.close();
            throw e;
        }
    }

    private static void writeAttention(
            AttentionForm form, BlockPlan block, DenseAttention attention, AttentionBlock target) {
        switch (form) {
            case HEAD_FACTORIZED -> {
                HeadLevelBlock headLevel = (HeadLevelBlock) block;
                AttentionWeights.write(
                        target, ComcatFactorizer.factorize(attention, headLevel.qkRank(), headLevel.voRank()));
            }
            case HEADS_KEPT -> {
                int[] kept = ((HeadLevelBlock) block)
                        .keptHeads().stream().mapToInt(Integer::intValue).toArray();
                AttentionWeights.write(target, HeadPruner.keep(attention, kept));
            }
            case MATRIX_FACTORIZED -> {
                MatrixLevelBlock matrix = (MatrixLevelBlock) block;
                AttentionWeights.write(
                        target,
                        MatrixSvd.factorizeAttention(attention, matrix.rq(), matrix.rk(), matrix.rv(), matrix.ro()));
            }
            case COPY -> AttentionWeights.write(target, HeadPruner.keep(attention, allHeads(attention.heads())));
        }
    }

    private static int[] allHeads(int heads) {
        int[] all = new int[heads];
        for (int head = 0; head < heads; head++) {
            all[head] = head;
        }
        return all;
    }
}
