package org.ranksweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;

class DecayGroupsTest {

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void onlyWeightMatricesAndKernelsDecay() {
        List<String> decayed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        try (Model model = VitFactory.create("groups", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 1)) {
            for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
                (DecayGroups.decays(entry.getValue()) ? decayed : kept).add(entry.getKey());
            }
        }
        // 4 blocks × (q, k, v, o, fc1, fc2) weights, the patch kernel and the classifier
        assertThat(decayed)
                .hasSize(4 * 6 + 2)
                .allSatisfy(name -> assertThat(name).endsWith("weight"));
        assertThat(kept)
                .anySatisfy(name -> assertThat(name).endsWith("classToken"))
                .anySatisfy(name -> assertThat(name).endsWith("positions"))
                .anySatisfy(name -> assertThat(name).endsWith("bias"))
                .anySatisfy(name -> assertThat(name).endsWith("gamma"))
                .anySatisfy(name -> assertThat(name).endsWith("beta"))
                .noneSatisfy(name -> assertThat(name).endsWith("weight"));
    }

    @Test
    void withZeroGradientsABiasStaysWhileAWeightShrinksByTheDecoupledDecay() {
        float lr = 0.1f;
        float weightDecay = 0.5f;
        TorchRuntime.disableGradients();
        try (Model model = VitFactory.create("decay", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 2)) {
            Parameter weight = parameter(model, "weight", 2);
            Parameter bias = parameter(model, "bias", 1);
            // Biases start at zero; give this one values so that decay would show.
            bias.getArray()
                    .set(model.getNDManager().ones(bias.getArray().getShape()).toFloatArray());
            float[] weightBefore = weight.getArray().toFloatArray();
            float[] biasBefore = bias.getArray().toFloatArray();
            DecayGroups groups = new DecayGroups(Tracker.fixed(lr), weightDecay);
            try (NDArray zeroWeightGradient = weight.getArray().zerosLike();
                    NDArray zeroBiasGradient = bias.getArray().zerosLike()) {
                groups.update(weight, zeroWeightGradient);
                groups.update(bias, zeroBiasGradient);
            }
            // AdamW: w ← w·(1 − lr·λ) − lr·m̂/(√v̂ + ε); with g = 0 the moments stay 0 and only the decay acts.
            float[] weightAfter = weight.getArray().toFloatArray();
            for (int index = 0; index < weightBefore.length; index++) {
                assertThat(weightAfter[index])
                        .isCloseTo(weightBefore[index] * (1 - lr * weightDecay), Offset.offset(1e-7f));
            }
            assertThat(bias.getArray().toFloatArray()).containsExactly(biasBefore);
        }
    }

    private static Parameter parameter(Model model, String suffix, int dimensions) {
        for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
            if (entry.getKey().endsWith(suffix)
                    && entry.getValue().getArray().getShape().dimension() == dimensions) {
                return entry.getValue();
            }
        }
        throw new AssertionError("no " + dimensions + "-D parameter named *" + suffix);
    }
}
