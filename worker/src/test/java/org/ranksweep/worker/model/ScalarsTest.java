package org.ranksweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    /**
     * The failure Scalars exists for: a garbage collection between forward and backward, followed by new direct
     * buffers full of NaN that reuse the freed memory. With DJL's mul(Number) the gradient read back is garbage
     * in nearly every repetition; with Scalars it is the exact derivative.
     */
    @Test
    void gradientsThroughConstantsSurviveAGarbageCollectionBeforeBackward() {
        float[] input = {0.5f, 1.0f, 1.5f, 2.0f};
        assertGradient(input, x -> Scalars.times(x, 2.5), value -> 2.5f);
        assertGradient(input, x -> Scalars.dividedBy(x, 4), value -> 0.25f);
        assertGradient(input, x -> Scalars.power(x, 3), value -> 3 * value * value);
        assertGradient(input, x -> Scalars.plus(x, 7), value -> 1f);
        assertGradient(input, x -> Scalars.minus(x, 7), value -> 1f);
    }

    @Test
    void valuesMatchPlainArithmeticAndKeepTheDataType() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, -2f, 4f});
            assertThat(Scalars.times(x, 0.5).toFloatArray()).containsExactly(0.5f, -1f, 2f);
            assertThat(Scalars.dividedBy(x, 2).toFloatArray()).containsExactly(0.5f, -1f, 2f);
            assertThat(Scalars.power(x, 2).toFloatArray()).containsExactly(1f, 4f, 16f);
            assertThat(Scalars.plus(x, 1).toFloatArray()).containsExactly(2f, -1f, 5f);
            assertThat(Scalars.minus(x, 1).toFloatArray()).containsExactly(0f, -3f, 3f);
            assertThat(Scalars.times(x, 3).getDataType()).isEqualTo(x.getDataType());
        }
    }

    private static void assertGradient(
            float[] input, UnaryOperator<NDArray> function, UnaryOperator<Float> derivative) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(input);
            x.setRequiresGradient(true);
            for (int repetition = 0; repetition < 3; repetition++) {
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray scoped = x.mul(scope.ones(new Shape(input.length)));
                    NDArray loss = function.apply(scoped).sum();
                    reuseFreedDirectMemory();
                    collector.backward(loss);
                }
                try (NDArray gradient = x.getGradient()) {
                    float[] values = gradient.toFloatArray();
                    for (int i = 0; i < input.length; i++) {
                        assertThat(values[i])
                                .as("d/dx at %s, repetition %d", input[i], repetition)
                                .isCloseTo(derivative.apply(input[i]), within(1e-5f));
                    }
                    gradient.subi(gradient);
                }
            }
        }
    }

    private static void reuseFreedDirectMemory() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        List<ByteBuffer> filler = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4);
            buffer.putFloat(0, Float.NaN);
            filler.add(buffer);
        }
        assertThat(filler).hasSize(20_000);
    }
}
