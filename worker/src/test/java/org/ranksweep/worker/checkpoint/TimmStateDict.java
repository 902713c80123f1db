package org.ranksweep.worker.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ranksweep.core.model.VitShape;

/**
 * A timm {@code VisionTransformer} state dict for tests: timm's names and PyTorch shapes for a given ViT shape, with
 * small random values, written to safetensors by a hand-rolled encoder that shares no code with the production
 * reader and writer. Not thread-safe.
 */
final class TimmStateDict {

    record Tensor(long[] shape, float[] values) {}

    final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** timm's tensors for {@code shape}; weights N(0, 0.05²), LayerNorm scales 1 + N(0, 0.1²). */
    static TimmStateDict random(VitShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TimmStateDict dict = new TimmStateDict();
        int d = shape.width();
        int hidden = shape.mlpHidden();
        dict.put("patch_embed.proj.weight", random, 0, 0.05, d, shape.channels(), shape.patch(), shape.patch());
        dict.put("patch_embed.proj.bias", random, 0, 0.05, d);
        dict.put("cls_token", random, 0, 0.05, 1, 1, d);
        dict.put("pos_embed", random, 0, 0.05, 1, shape.tokens(), d);
        for (int block = 0; block < shape.depth(); block++) {
            String prefix = "blocks." + block + ".";
            dict.put(prefix + "norm1.weight", random, 1, 0.1, d);
            dict.put(prefix + "norm1.bias", random, 0, 0.1, d);
            dict.put(prefix + "attn.qkv.weight", random, 0, 0.05, 3 * d, d);
            dict.put(prefix + "attn.qkv.bias", random, 0, 0.05, 3 * d);
            dict.put(prefix + "attn.proj.weight", random, 0, 0.05, d, d);
            dict.put(prefix + "attn.proj.bias", random, 0, 0.05, d);
            dict.put(prefix + "norm2.weight", random, 1, 0.1, d);
            dict.put(prefix + "norm2.bias", random, 0, 0.1, d);
            dict.put(prefix + "mlp.fc1.weight", random, 0, 0.05, hidden, d);
            dict.put(prefix + "mlp.fc1.bias", random, 0, 0.05, hidden);
            dict.put(prefix + "mlp.fc2.weight", random, 0, 0.05, d, hidden);
            dict.put(prefix + "mlp.fc2.bias", random, 0, 0.05, d);
        }
        dict.put("norm.weight", random, 1, 0.1, d);
        dict.put("norm.bias", random, 0, 0.1, d);
        dict.put("head.weight", random, 0, 0.05, shape.classes(), d);
        dict.put("head.bias", random, 0, 0.05, shape.classes());
        return dict;
    }

    private void put(String name, SplittableRandom random, double mean, double std, long... shape) {
        long size = 1;
        for (long dimension : shape) {
            size *= dimension;
        }
        float[] values = new float[Math.toIntExact(size)];
        for (int i = 0; i < values.length; i++) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            values[i] = (float) (mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        tensors.put(name, new Tensor(shape, values));
    }

    float[] values(String name) {
        return tensors.get(name).values();
    }

    /** Writes the tensors as F32 safetensors with a {@code format: pt} metadata entry, as timm + safetensors.torch do. */
    void write(Path file) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            long[] shape = entry.getValue().shape();
            StringBuilder dims = new StringBuilder();
            for (long dimension : shape) {
                dims.append(dims.isEmpty() ? "" : ",").append(dimension);
            }
            long end = offset + 4L * entry.getValue().values().length;
            header.append(",\"")
                    .append(entry.getKey())
                    .append("\":{\"dtype\":\"F32\",\"shape\":[")
                    .append(dims)
                    .append("],\"data_offsets\":[")
                    .append(offset)
                    .append(',')
                    .append(end)
                    .append("]}");
            offset = end;
        }
        header.append('}');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(headerBytes.length)
                    .array());
            out.write(headerBytes);
            for (Tensor tensor : tensors.values()) {
                ByteBuffer data =
                        ByteBuffer.allocate(4 * tensor.values().length).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : tensor.values()) {
                    data.putFloat(value);
                }
                out.write(data.array());
            }
        }
    }
}
