package org.ranksweep.worker.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import org.ranksweep.worker.compress.MatrixSvd;

/**
 * Copies everything but the attention sublayers from a dense ViT into a compressed one of the same shape: patch
 * embedding, class token, positions, LayerNorms, and fc1/fc2/classifier — copied when the target keeps them
 * dense, replaced by their plain SVD at the target's rank when it factorises them. Writes need the calling
 * thread's autograd off. Thread-safe (stateless).
 */
public final class ModelTransfer {

    private ModelTransfer() {}

    /** Fills every non-attention parameter of {@code target} from {@code dense}. */
    public static void copyAllButAttention(VisionTransformerBlock dense, VisionTransformerBlock target) {
        copyParameters(dense.embedding(), target.embedding());
        for (int index = 0; index < dense.blocks().size(); index++) {
            EncoderBlock from = dense.blocks().get(index);
            EncoderBlock to = target.blocks().get(index);
            copyParameters(from.attentionNorm(), to.attentionNorm());
            copyParameters(from.mlpNorm(), to.mlpNorm());
            transferLinear(from.fc1(), to.fc1());
            transferLinear(from.fc2(), to.fc2());
        }
        copyParameters(dense.finalNorm(), target.finalNorm());
        transferLinear(dense.head(), target.head());
    }

    /** Copies a dense Linear, or factorises it into a {@link FactorizedLinearBlock} at the target's rank. */
    public static void transferLinear(Block from, Block to) {
        Linear source = (Linear) from;
        if (to instanceof FactorizedLinearBlock factorized) {
            AttentionWeights.write(
                    factorized,
                    MatrixSvd.factorize(
                            ParameterValues.weight(source), ParameterValues.bias(source), factorized.rank()));
        } else {
            copyParameters(source, to);
        }
    }

    /** Copies all parameters between two blocks of identical structure, in order. */
    public static void copyParameters(Block from, Block to) {
        var sources = from.getParameters();
        var targets = to.getParameters();
        if (sources.size() != targets.size()) {
            throw new IllegalArgumentException(from + " and " + to + " do not have the same parameters");
        }
        for (int index = 0; index < sources.size(); index++) {
            Pair<String, Parameter> source = sources.get(index);
            ParameterValues.copy(source.getValue(), targets.get(index).getValue());
        }
    }
}
