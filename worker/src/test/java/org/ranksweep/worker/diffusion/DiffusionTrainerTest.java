package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.worker.model.TorchRuntime;

class DiffusionTrainerTest {

    private static final int STEPS = 5;
    private static final double DECAY = 0.9;

    @Test
    void withAnEmaDecayTheResultIsTheMovingAverageOfEveryStepsWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // The weights before the first step and after each step, as the trainer leaves them to its listener.
            List<List<float[]>> weights = new ArrayList<>();
            List<Parameter> parameters = train(new DiffusionTraining(STEPS, 4, 1e-2, 0.2, 9, DECAY), weights, manager);

            assertThat(weights).hasSize(STEPS + 1);
            List<float[]> trained = snapshot(parameters);
            boolean differsFromLastStep = false;
            for (int index = 0; index < parameters.size(); index++) {
                double[] average = toDouble(weights.get(0).get(index));
                for (int step = 1; step <= STEPS; step++) {
                    double decay = Math.min(DECAY, (1.0 + step) / (10.0 + step));
                    float[] current = weights.get(step).get(index);
                    for (int offset = 0; offset < average.length; offset++) {
                        average[offset] = decay * average[offset] + (1 - decay) * current[offset];
                    }
                }
                float[] result = trained.get(index);
                for (int offset = 0; offset < average.length; offset++) {
                    assertThat((double) result[offset])
                            .as("%s[%d]", parameters.get(index).getName(), offset)
                            .isCloseTo(average[offset], within(1e-6 + 1e-5 * Math.abs(average[offset])));
                    differsFromLastStep |= result[offset] != weights.get(STEPS).get(index)[offset];
                }
            }
            assertThat(differsFromLastStep)
                    .as("the average is not the last step's weights")
                    .isTrue();
        }
    }

    @Test
    void withoutAnEmaDecayTheResultIsTheLastStepsWeights() {
        try (NDManager manager = NDManager.newBaseManager()) {
            List<List<float[]>> weights = new ArrayList<>();
            List<Parameter> parameters = train(new DiffusionTraining(STEPS, 4, 1e-2, 0.2, 9), weights, manager);

            List<float[]> trained = snapshot(parameters);
            for (int index = 0; index < parameters.size(); index++) {
                assertThat(trained.get(index)).isEqualTo(weights.get(STEPS).get(index));
            }
        }
    }

    @Test
    void anEmaDecayOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new DiffusionTraining(1, 1, 1e-3, 0, 1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMA decay");
        assertThat(new DiffusionTraining(1, 1, 1e-3, 0, 1, 0.999).emaDecayAt(1)).isCloseTo(2.0 / 11, within(1e-12));
        assertThat(new DiffusionTraining(1, 1, 1e-3, 0, 1, 0.999).emaDecayAt(100_000))
                .isEqualTo(0.999);
    }

    /**
     * Trains a fresh tiny generator with {@code settings}, adding its weights to {@code weights} before the first
     * step and after every step; returns its parameters.
     */
    private static List<Parameter> train(DiffusionTraining settings, List<List<float[]>> weights, NDManager manager) {
        TorchRuntime.start(2);
        DiffusionTransformer model = DiffusionModels.create(TinyGenerator.SHAPE, AttentionAdapter.none(), manager, 3);
        List<Parameter> parameters = model.getParameters().values().stream().toList();
        weights.add(snapshot(parameters));
        new DiffusionTrainer(model, TinyGenerator.SCHEDULE, settings)
                .train(
                        TinyGenerator.images(16, 9),
                        TinyGenerator::prompt,
                        model.getParameters().stream().toList(),
                        manager,
                        (step, loss) -> weights.add(snapshot(parameters)));
        return parameters;
    }

    private static List<float[]> snapshot(List<Parameter> parameters) {
        return parameters.stream().map(p -> p.getArray().toFloatArray()).toList();
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int index = 0; index < values.length; index++) {
            result[index] = values[index];
        }
        return result;
    }
}
