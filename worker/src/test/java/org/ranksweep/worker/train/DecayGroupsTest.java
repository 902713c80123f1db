package org.ranksweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
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
            groups.nextUpdate();
            try (NDArray zeroWeightGradient = weight.getArray().zerosLike();
                    NDArray zeroBiasGradient = bias.getArray().zerosLike()) {
                groups.update("weight", weight, zeroWeightGradient);
                groups.update("bias", bias, zeroBiasGradient);
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

    @Test
    void updatesExactlyAsDjlsAdamWWithTheSameDecayPerGroup() {
        Tracker schedule = update -> 1e-3f / update;
        float weightDecay = 0.05f;
        TorchRuntime.disableGradients();
        try (Model ours = VitFactory.create("ours", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 3);
                Model djls = VitFactory.create("djls", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 3)) {
            List<Pair<String, Parameter>> mine = trainable(ours);
            List<Pair<String, Parameter>> theirs = trainable(djls);
            DecayGroups groups = new DecayGroups(schedule, weightDecay);
            Optimizer decayed = Optimizer.adamW()
                    .optLearningRateTracker(schedule)
                    .optWeightDecays(weightDecay)
                    .build();
            Optimizer undecayed = Optimizer.adamW()
                    .optLearningRateTracker(schedule)
                    .optWeightDecays(0f)
                    .build();
            NDManager manager = ours.getNDManager();
            for (int update = 1; update <= 4; update++) {
                groups.nextUpdate();
                for (int index = 0; index < mine.size(); index++) {
                    Parameter parameter = mine.get(index).getValue();
                    // the same pseudo-random gradient for both, different for every parameter and update
                    manager.getEngine().setRandomSeed(update * 1000 + index);
                    try (NDArray gradient =
                                    manager.randomNormal(parameter.getArray().getShape());
                            NDArray copy = gradient.duplicate()) {
                        groups.update(mine.get(index).getKey(), parameter, gradient);
                        Parameter twin = theirs.get(index).getValue();
                        (DecayGroups.decays(twin) ? decayed : undecayed).update(twin.getId(), twin.getArray(), copy);
                    }
                }
            }
            for (int index = 0; index < mine.size(); index++) {
                assertThat(mine.get(index).getValue().getArray().toFloatArray())
                        .as(mine.get(index).getKey())
                        .containsExactly(theirs.get(index).getValue().getArray().toFloatArray());
            }
        }
    }

    @Test
    void restoringTheSavedStateGoesOnExactlyWhereAnUninterruptedOptimizerWould() {
        Tracker schedule = update -> 1e-3f * (1 + update % 3);
        TorchRuntime.disableGradients();
        try (Model straight = VitFactory.create("straight", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 4);
                Model resumed = VitFactory.create("resumed", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 4)) {
            List<Pair<String, Parameter>> straightParameters = trainable(straight);
            List<Pair<String, Parameter>> resumedParameters = trainable(resumed);
            DecayGroups uninterrupted = new DecayGroups(schedule, 0.05);
            DecayGroups first = new DecayGroups(schedule, 0.05);
            for (int update = 1; update <= 2; update++) {
                step(uninterrupted, straightParameters, straight.getNDManager(), update);
                step(first, resumedParameters, resumed.getNDManager(), update);
            }
            // what a checkpoint keeps: the state's bytes, decoded into fresh arrays
            NDList saved = NDList.decode(resumed.getNDManager(), first.state().encode());
            DecayGroups second = new DecayGroups(schedule, 0.05);
            assertThat(second.restore(first.updates(), Optional.of(saved), resumedParameters))
                    .isEmpty();
            for (int update = 3; update <= 4; update++) {
                step(uninterrupted, straightParameters, straight.getNDManager(), update);
                step(second, resumedParameters, resumed.getNDManager(), update);
            }
            for (int index = 0; index < straightParameters.size(); index++) {
                assertThat(resumedParameters.get(index).getValue().getArray().toFloatArray())
                        .as(straightParameters.get(index).getKey())
                        .containsExactly(straightParameters
                                .get(index)
                                .getValue()
                                .getArray()
                                .toFloatArray());
            }
        }
    }

    @Test
    void aStateThatDoesNotFitTheParametersIsNotUsedAndSaysWhy() {
        TorchRuntime.disableGradients();
        try (Model model = VitFactory.create("misfit", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 5)) {
            List<Pair<String, Parameter>> parameters = trainable(model);
            DecayGroups groups = new DecayGroups(Tracker.fixed(1e-3f), 0.05);
            step(groups, parameters, model.getNDManager(), 1);
            NDList state = NDList.decode(model.getNDManager(), groups.state().encode());
            DecayGroups fewer = new DecayGroups(Tracker.fixed(1e-3f), 0.05);
            assertThat(fewer.restore(7, Optional.of(state), parameters.subList(1, parameters.size())))
                    .get(InstanceOfAssertFactories.STRING)
                    .contains("the model trains " + (parameters.size() - 1));
            assertThat(fewer.updates()).isZero();
            assertThat(fewer.restore(7, Optional.empty(), parameters))
                    .contains("the checkpoint holds no optimizer state");
        }
    }

    /** One update of every parameter from a gradient that depends only on the update and the parameter's index. */
    private static void step(
            DecayGroups groups, List<Pair<String, Parameter>> parameters, NDManager manager, int update) {
        groups.nextUpdate();
        for (int index = 0; index < parameters.size(); index++) {
            Parameter parameter = parameters.get(index).getValue();
            manager.getEngine().setRandomSeed(update * 1000 + index);
            try (NDArray gradient = manager.randomNormal(parameter.getArray().getShape())) {
                groups.update(parameters.get(index).getKey(), parameter, gradient);
            }
        }
    }

    private static List<Pair<String, Parameter>> trainable(Model model) {
        List<Pair<String, Parameter>> parameters = new ArrayList<>();
        model.getBlock().getParameters().forEach(parameters::add);
        return parameters;
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
