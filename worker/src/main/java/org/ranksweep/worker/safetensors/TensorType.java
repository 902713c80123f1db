package org.ranksweep.worker.safetensors;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The safetensors element types RankSweep reads as floats: F32 as is, F16 and BF16 widened exactly, F64 narrowed.
 * Thread-safe (immutable).
 */
public enum TensorType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    TensorType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The type named by a header's {@code dtype} string, if RankSweep can read it. */
    public static Optional<TensorType> find(String dtype) {
        return Arrays.stream(values()).filter(type -> type.name().equals(dtype)).findFirst();
    }

    /** Reads {@code count} little-endian elements from {@code buffer} into floats. */
    float[] toFloats(ByteBuffer buffer, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = switch (this) {
                case F32 -> buffer.getFloat();
                case F64 -> (float) buffer.getDouble();
                case BF16 -> Float.intBitsToFloat((buffer.getShort() & 0xFFFF) << 16);
                case F16 -> halfToFloat(buffer.getShort());
            };
        }
        return values;
    }

    /** IEEE 754 binary16 to binary32, exact (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa · 2^-24, exactly representable as a float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
