package org.ranksweep.worker.ranksearch;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.compress.ComcatFactorizer;
import org.ranksweep.worker.compress.LowRankLinear;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.EncoderBlock;
import org.ranksweep.worker.model.FactorizedLinearBlock;
import org.ranksweep.worker.model.ModelTransfer;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;

/**
 * The rank-search supernet: the comcat model at every matrix's largest candidate rank, SVD-initialised from the dense
 * model, whose forward with {@link org.ranksweep.worker.model.RankMasks} mixes all candidate truncations at the cost
 * of the largest one. Its own weights are never trained (they record no gradients, so the logits' backward pass
 * skips them): each search epoch a subnet at the chosen ranks is {@link #extract extracted} — the truncated SVD of
 * the current weights — trained, and {@link #absorb absorbed} back, replacing the leading components and keeping
 * the tail it dropped so that a later epoch may grow a rank again; {@link #refactorize} then restores SVD order.
 * Not thread-safe.
 */
final class Supernet implements AutoCloseable {

    private final SearchSpace space;
    private final Model model;

    private Supernet(SearchSpace space, Model model) {
        this.space = space;
        this.model = model;
    }

    /** The supernet of {@code space} filled from the dense {@code base} (COMCAT factors at the largest ranks). */
    static Supernet build(Model base, SearchSpace space) {
        TorchRuntime.disableGradients();
        ModelPlan widest = space.plan(space.largest());
        Model model = VitFactory.create("supernet", widest, 0);
        try {
            VisionTransformerBlock dense = VitFactory.vit(base);
            VisionTransformerBlock target = VitFactory.vit(model);
            VitShape shape = space.shape();
            ModelTransfer.copyAllButAttention(dense, target);
            for (int index = 0; index < shape.depth(); index++) {
                AttentionBlock attention = target.blocks().get(index).attention();
                AttentionWeights.write(
                        attention,
                        ComcatFactorizer.factorize(
                                AttentionWeights.read(
                                        dense.blocks().get(index).attention(), shape.width(), shape.heads()),
                                attention.qkHeadWidth(),
                                attention.voHeadWidth()));
            }
            for (Pair<String, Parameter> entry : target.getParameters()) {
                entry.getValue().getArray().setRequiresGradient(false);
            }
            return new Supernet(space, model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    VisionTransformerBlock vit() {
        return VitFactory.vit(model);
    }

    Model model() {
        return model;
    }

    /** Puts every searched matrix back into SVD order (the output is unchanged). */
    void refactorize() {
        TorchRuntime.disableGradients();
        VisionTransformerBlock vit = vit();
        int headWidth = space.shape().headWidth();
        for (EncoderBlock block : vit.blocks()) {
            AttentionBlock attention = block.attention();
            AttentionWeights.write(
                    attention, HeadLevelFactors.refactorize(AttentionWeights.readHeadLevel(attention, headWidth)));
            if (space.searchMlp()) {
                refactorize(block.fc1());
                refactorize(block.fc2());
            }
        }
        if (space.searchMlp()) {
            refactorize(vit.head());
        }
    }

    private static void refactorize(Block linear) {
        FactorizedLinearBlock factorized = (FactorizedLinearBlock) linear;
        AttentionWeights.write(factorized, LinearFactors.refactorize(read(factorized)));
    }

    /** A new model (the caller closes it) at the ranks of {@code choice}: the truncation of the current weights. */
    Model extract(int[] choice, String name) {
        TorchRuntime.disableGradients();
        ModelPlan plan = space.plan(choice);
        Model subnet = VitFactory.create(name, plan, 0);
        try {
            VisionTransformerBlock from = vit();
            VisionTransformerBlock to = VitFactory.vit(subnet);
            copyUnsearched(from, to);
            for (int index = 0; index < from.blocks().size(); index++) {
                EncoderBlock source = from.blocks().get(index);
                EncoderBlock target = to.blocks().get(index);
                AttentionBlock attention = target.attention();
                AttentionWeights.write(
                        attention,
                        HeadLevelFactors.truncate(
                                AttentionWeights.readHeadLevel(
                                        source.attention(), space.shape().headWidth()),
                                attention.qkHeadWidth(),
                                attention.voHeadWidth()));
                transferLinear(source.fc1(), target.fc1(), false);
                transferLinear(source.fc2(), target.fc2(), false);
            }
            transferLinear(from.head(), to.head(), false);
            return subnet;
        } catch (RuntimeException e) {
            subnet.close();
            throw e;
        }
    }

    /** Takes a trained subnet's weights back: its components replace the leading ones, the tail stays. */
    void absorb(Model subnet) {
        TorchRuntime.disableGradients();
        VisionTransformerBlock from = VitFactory.vit(subnet);
        VisionTransformerBlock to = vit();
        copyUnsearched(from, to);
        int headWidth = space.shape().headWidth();
        for (int index = 0; index < to.blocks().size(); index++) {
            EncoderBlock source = from.blocks().get(index);
            EncoderBlock target = to.blocks().get(index);
            AttentionWeights.write(
                    target.attention(),
                    HeadLevelFactors.merge(
                            AttentionWeights.readHeadLevel(target.attention(), headWidth),
                            AttentionWeights.readHeadLevel(source.attention(), headWidth)));
            transferLinear(source.fc1(), target.fc1(), true);
            transferLinear(source.fc2(), target.fc2(), true);
        }
        transferLinear(from.head(), to.head(), true);
    }

    /** Patch embedding, class token, positions and every LayerNorm: identical in supernet and subnets. */
    private static void copyUnsearched(VisionTransformerBlock from, VisionTransformerBlock to) {
        ModelTransfer.copyParameters(from.embedding(), to.embedding());
        for (int index = 0; index < from.blocks().size(); index++) {
            EncoderBlock source = from.blocks().get(index);
            EncoderBlock target = to.blocks().get(index);
            ModelTransfer.copyParameters(source.attentionNorm(), target.attentionNorm());
            ModelTransfer.copyParameters(source.mlpNorm(), target.mlpNorm());
        }
        ModelTransfer.copyParameters(from.finalNorm(), to.finalNorm());
    }

    /** A dense Linear is copied; a searched one is truncated (into a subnet) or merged (into the supernet). */
    private static void transferLinear(Block from, Block to, boolean merge) {
        if (!(from instanceof FactorizedLinearBlock source)) {
            ModelTransfer.copyParameters(from, to);
            return;
        }
        FactorizedLinearBlock target = (FactorizedLinearBlock) to;
        LowRankLinear weights = merge
                ? LinearFactors.merge(read(target), read(source))
                : LinearFactors.truncate(read(source), target.rank());
        AttentionWeights.write(target, weights);
    }

    private static LowRankLinear read(FactorizedLinearBlock block) {
        return new LowRankLinear(
                ParameterValues.weight(block.first()),
                ParameterValues.weight(block.second()),
                ParameterValues.bias(block.second()));
    }

    @Override
    public void close() {
        model.close();
    }
}
