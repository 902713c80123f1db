package org.ranksweep.worker.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.EncoderBlock;
import org.ranksweep.worker.model.FactorizedLinearBlock;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * The tensor names of a built ViT in files, following timm's {@code VisionTransformer} state dict so that a dense
 * model is exactly a timm DeiT checkpoint: {@code patch_embed.proj}, {@code cls_token}, {@code pos_embed},
 * {@code blocks.N.norm1}, {@code blocks.N.attn.qkv} (q, k, v fused along the output axis), {@code blocks.N.attn.proj},
 * {@code blocks.N.norm2}, {@code blocks.N.mlp.fc1}, {@code blocks.N.mlp.fc2}, {@code norm}, {@code head}.
 * Compressed parts extend it: attention whose query/key and value/output widths differ from dense stores
 * {@code attn.q}, {@code attn.k}, {@code attn.v} separately; a factorised Linear at prefix P stores
 * {@code P.0.weight} (r, in) and {@code P.1.weight} (out, r) with {@code P.1.bias}, the state dict of
 * {@code nn.Sequential(nn.Linear(in, r, bias=False), nn.Linear(r, out))}; attention with no heads left stores only
 * {@code attn.proj.bias}. Thread-safe (stateless).
 */
public final class CheckpointLayout {

    private CheckpointLayout() {}

    /** Every tensor of {@code model} (an initialised ViT) with its name and shape, in state-dict order. */
    public static List<TensorBinding> bindings(VisionTransformerBlock model) {
        List<TensorBinding> bindings = new ArrayList<>();
        Block projection = model.embedding().projection();
        bindings.add(
                parameter("patch_embed.proj.weight", projection.getParameters().get("weight")));
        bindings.add(
                parameter("patch_embed.proj.bias", projection.getParameters().get("bias")));
        bindings.add(parameter("cls_token", model.embedding().classToken()));
        bindings.add(parameter("pos_embed", model.embedding().positions()));
        for (int index = 0; index < model.blocks().size(); index++) {
            String prefix = "blocks." + index + ".";
            EncoderBlock block = model.blocks().get(index);
            norm(bindings, prefix + "norm1", block.attentionNorm());
            attention(bindings, prefix + "attn", block.attention(), model.shape());
            norm(bindings, prefix + "norm2", block.mlpNorm());
            linear(bindings, prefix + "mlp.fc1", block.fc1());
            linear(bindings, prefix + "mlp.fc2", block.fc2());
        }
        norm(bindings, "norm", model.finalNorm());
        linear(bindings, "head", model.head());
        return bindings;
    }

    private static void attention(
            List<TensorBinding> bindings, String prefix, AttentionBlock attention, VitShape shape) {
        if (attention.heads() == 0) {
            bindings.add(parameter(prefix + ".proj.bias", attention.outputBias()));
            return;
        }
        boolean dense = attention.query() instanceof Linear
                && attention.heads() == shape.heads()
                && attention.qkHeadWidth() == shape.headWidth()
                && attention.voHeadWidth() == shape.headWidth();
        if (dense) {
            bindings.add(fused(prefix + ".qkv.weight", weights(attention, "weight")));
            bindings.add(fused(prefix + ".qkv.bias", weights(attention, "bias")));
        } else {
            linear(bindings, prefix + ".q", attention.query());
            linear(bindings, prefix + ".k", attention.key());
            linear(bindings, prefix + ".v", attention.value());
        }
        linear(bindings, prefix + ".proj", attention.output());
    }

    private static Parameter[] weights(AttentionBlock attention, String name) {
        return new Parameter[] {
            attention.query().getParameters().get(name),
            attention.key().getParameters().get(name),
            attention.value().getParameters().get(name)
        };
    }

    private static void linear(List<TensorBinding> bindings, String prefix, Block block) {
        if (block instanceof FactorizedLinearBlock factorized) {
            bindings.add(parameter(
                    prefix + ".0.weight", factorized.first().getParameters().get("weight")));
            bindings.add(parameter(
                    prefix + ".1.weight", factorized.second().getParameters().get("weight")));
            bindings.add(parameter(
                    prefix + ".1.bias", factorized.second().getParameters().get("bias")));
        } else {
            bindings.add(parameter(prefix + ".weight", block.getParameters().get("weight")));
            bindings.add(parameter(prefix + ".bias", block.getParameters().get("bias")));
        }
    }

    private static void norm(List<TensorBinding> bindings, String prefix, Block norm) {
        bindings.add(parameter(prefix + ".weight", norm.getParameters().get("gamma")));
        bindings.add(parameter(prefix + ".bias", norm.getParameters().get("beta")));
    }

    private static TensorBinding parameter(String name, Parameter parameter) {
        return new TensorBinding(
                name,
                parameter.getArray().getShape().getShape(),
                () -> parameter.getArray().toFloatArray(),
                values -> ParameterValues.write(parameter, values));
    }

    /** q, k and v stacked along the first (output) axis, as timm's fused qkv Linear stores them. */
    private static TensorBinding fused(String name, Parameter[] parts) {
        long[] partShape = parts[0].getArray().getShape().getShape();
        long[] shape = partShape.clone();
        shape[0] = 3 * partShape[0];
        int partSize = Math.toIntExact(parts[0].getArray().getShape().size());
        return new TensorBinding(
                name,
                shape,
                () -> {
                    float[] values = new float[3 * partSize];
                    for (int part = 0; part < 3; part++) {
                        NDArray array = parts[part].getArray();
                        System.arraycopy(array.toFloatArray(), 0, values, part * partSize, partSize);
                    }
                    return values;
                },
                values -> {
                    for (int part = 0; part < 3; part++) {
                        float[] slice = new float[partSize];
                        System.arraycopy(values, part * partSize, slice, 0, partSize);
                        ParameterValues.write(parts[part], slice);
                    }
                });
    }
}
