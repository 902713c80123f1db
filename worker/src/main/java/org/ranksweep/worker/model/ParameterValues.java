package org.ranksweep.worker.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * Moves parameter values between DJL and Java arrays in the contract's row-vector convention: a Linear's weight is
 * returned and accepted as {@code float[in][out]} (DJL stores it (out, in)). Writes copy into the parameter's own
 * engine memory in place, so a model keeps owning its weights. Writes need the calling thread's autograd off
 * ({@link TorchRuntime#disableGradients()}). Thread-safe as long as no two threads touch the same parameter.
 */
public final class ParameterValues {

    private ParameterValues() {}

    /** A Linear's weight as {@code [in][out]}. */
    public static float[][] weight(Linear linear) {
        return transpose(linear.getParameters().get("weight").getArray());
    }

    /** A Linear's bias. */
    public static float[] bias(Linear linear) {
        return linear.getParameters().get("bias").getArray().toFloatArray();
    }

    /** The gradient of a Linear's weight as {@code [in][out]}, zeros when no gradient was recorded. */
    public static float[][] weightGradient(Linear linear) {
        try (NDArray gradient = linear.getParameters().get("weight").getArray().getGradient()) {
            return transpose(gradient);
        }
    }

    /** The gradient of a Linear's bias. */
    public static float[] biasGradient(Linear linear) {
        try (NDArray gradient = linear.getParameters().get("bias").getArray().getGradient()) {
            return gradient.toFloatArray();
        }
    }

    /** Writes {@code weight [in][out]} and, when the Linear has one, {@code bias} into a Linear. */
    public static void write(Linear linear, float[][] weight, float[] bias) {
        Parameter weightParameter = linear.getParameters().get("weight");
        Shape shape = weightParameter.getArray().getShape();
        if (weight.length != shape.get(1) || (weight.length > 0 && weight[0].length != shape.get(0))) {
            throw new IllegalArgumentException(
                    "weight [" + weight.length + "][" + (weight.length == 0 ? 0 : weight[0].length)
                            + "] does not fit a Linear of shape (out, in) " + shape);
        }
        write(weightParameter, transposedFlat(weight, (int) shape.get(0), (int) shape.get(1)));
        Parameter biasParameter = linear.getParameters().get("bias");
        if (biasParameter != null) {
            write(biasParameter, bias);
        } else if (bias != null) {
            throw new IllegalArgumentException("this Linear has no bias");
        }
    }

    /** Copies row-major {@code values} into a parameter of the same size, in place. */
    public static void write(Parameter parameter, float[] values) {
        NDArray target = parameter.getArray();
        if (values.length != target.getShape().size()) {
            throw new IllegalArgumentException(
                    parameter.getName() + " holds " + target.getShape().size() + " values, not " + values.length);
        }
        try (NDManager scratch = target.getManager().newSubManager()) {
            target.set(new NDIndex("..."), scratch.create(values, target.getShape()));
        }
    }

    /** Copies one parameter's values into another of the same shape, in place. */
    public static void copy(Parameter from, Parameter to) {
        if (!from.getArray().getShape().equals(to.getArray().getShape())) {
            throw new IllegalArgumentException(
                    from.getName() + " " + from.getArray().getShape() + " does not fit " + to.getName() + " "
                            + to.getArray().getShape());
        }
        to.getArray().set(new NDIndex("..."), from.getArray());
    }

    private static float[][] transpose(NDArray outByIn) {
        Shape shape = outByIn.getShape();
        int out = (int) shape.get(0);
        int in = (int) shape.get(1);
        float[] flat = outByIn.toFloatArray();
        float[][] result = new float[in][out];
        for (int row = 0; row < out; row++) {
            for (int column = 0; column < in; column++) {
                result[column][row] = flat[row * in + column];
            }
        }
        return result;
    }

    private static float[] transposedFlat(float[][] inByOut, int out, int in) {
        float[] flat = new float[out * in];
        for (int column = 0; column < in; column++) {
            for (int row = 0; row < out; row++) {
                flat[row * in + column] = inByOut[column][row];
            }
        }
        return flat;
    }
}
