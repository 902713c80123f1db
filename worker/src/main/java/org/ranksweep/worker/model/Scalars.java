package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a constant that is safe under autograd. DJL's {@code NDArray.mul(Number)} (and add, sub, div, pow
 * with a Number) wraps the constant in a tensor that borrows a Java direct buffer and closes that array right after
 * the operation. When the operation is recorded for backward, PyTorch keeps the constant tensor in the graph, but
 * nothing keeps the Java buffer reachable: a garbage collection between forward and backward frees it, and backward
 * multiplies by whatever the memory holds next (non-finite gradients, then a NaN loss, in about half of the
 * trainings on a busy JVM). Here the constant is an array attached to the operand's manager, so it lives as long as
 * every result computed from it. Use these for any constant on a path that may record gradients. Stateless,
 * thread-safe.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code array · factor}. */
    public static NDArray times(NDArray array, double factor) {
        return array.mul(constant(array, factor));
    }

    /** {@code array / divisor}. */
    public static NDArray dividedBy(NDArray array, double divisor) {
        return array.div(constant(array, divisor));
    }

    /** {@code array ^ exponent}, element-wise. */
    public static NDArray power(NDArray array, double exponent) {
        return array.pow(constant(array, exponent));
    }

    /** {@code array + addend}. */
    public static NDArray plus(NDArray array, double addend) {
        return array.add(constant(array, addend));
    }

    /** {@code array − subtrahend}. */
    public static NDArray minus(NDArray array, double subtrahend) {
        return array.sub(constant(array, subtrahend));
    }

    private static NDArray constant(NDArray array, double value) {
        return array.getManager().create((float) value).toType(array.getDataType(), false);
    }
}
