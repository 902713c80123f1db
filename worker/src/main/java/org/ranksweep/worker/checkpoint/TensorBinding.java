package org.ranksweep.worker.checkpoint;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One named tensor of a checkpoint and how it maps onto a built model: where its values come from on export and
 * where they go on import (one tensor may feed several parameters, e.g. timm's fused qkv). Immutable.
 *
 * @param name   the tensor's name in the file, e.g. {@code blocks.0.attn.qkv.weight}
 * @param shape  its shape in PyTorch's layout (a Linear's weight is (out, in))
 * @param reader the model's current values, row-major
 * @param writer stores row-major values into the model (needs the calling thread's autograd off)
 */
public record TensorBinding(String name, long[] shape, Supplier<float[]> reader, Consumer<float[]> writer) {

    public TensorBinding {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
