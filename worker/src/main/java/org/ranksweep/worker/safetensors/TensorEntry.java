package org.ranksweep.worker.safetensors;

import java.util.Arrays;

/**
 * One tensor listed in a safetensors header. Immutable.
 *
 * @param name  the tensor's key in the header
 * @param dtype the header's dtype string, e.g. {@code F32}
 * @param shape dimensions, outermost first (row-major data)
 * @param begin first byte of the data, relative to the end of the header
 * @param end   one past the last byte
 */
public record TensorEntry(String name, String dtype, long[] shape, long begin, long end) {

    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elements() {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        return count;
    }

    /** The shape as text, e.g. {@code [576, 192]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorEntry entry
                && name.equals(entry.name)
                && dtype.equals(entry.dtype)
                && Arrays.equals(shape, entry.shape)
                && begin == entry.begin
                && end == entry.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeText();
    }
}
