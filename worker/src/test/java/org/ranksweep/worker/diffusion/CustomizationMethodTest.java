package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.customize.CustomizationMethods;
import org.ranksweep.worker.model.ParameterValues;

class CustomizationMethodTest {

    private static final int RANK = 2;

    @Test
    void theWorkerBuildsExactlyTheMethodsTheRegistryNamesAndRanksOnlyThoseItSaysHaveARank() {
        assertThat(java.util.Arrays.stream(CustomizationMethod.values()).map(CustomizationMethod::label))
                .containsExactlyElementsOf(CustomizationMethods.names());
        for (CustomizationMethods.Method method : CustomizationMethods.ALL) {
            CustomizationMethod built = CustomizationMethod.fromLabel(method.name());
            assertThat(built.adapter(2).equals(AttentionAdapter.none()))
                    .as(method.name() + " adds adapters only when it has a rank")
                    .isEqualTo(!method.ranked());
        }
    }

    @Test
    void freshAdaptersPredictExactlyWhatTheBaseModelPredicts() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] base = TinyGenerator.predict(TinyGenerator.base(manager, 3), manager);
            for (CustomizationMethod method : CustomizationMethod.values()) {
                DiffusionTransformer adapted = TinyGenerator.adapted(manager, method.adapter(RANK), 3);
                assertThat(TinyGenerator.predict(adapted, manager))
                        .as(method.label())
                        .containsExactly(base);
            }
        }
    }

    @Test
    void comcatAdapterWithItsOutputBranchZeroedReproducesTheBaseExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] base = TinyGenerator.predict(TinyGenerator.base(manager, 4), manager);
            DiffusionTransformer adapted = customized(manager, CustomizationMethod.COMCAT_ADAPTER, 4);
            float[] trained = TinyGenerator.predict(adapted, manager);
            assertThat(maxDifference(trained, base)).isGreaterThan(1e-4f);

            // o′ zero alone still changes every head's softmax through q′k′ᵀ: the branches share it.
            for (ConditionedAttention attention : attentions(adapted)) {
                zero(attention.comcatBranches().get(3));
            }
            assertThat(maxDifference(TinyGenerator.predict(adapted, manager), base))
                    .isGreaterThan(1e-6f);
            for (ConditionedAttention attention : attentions(adapted)) {
                zero(attention.comcatBranches().get(1));
            }
            assertThat(TinyGenerator.predict(adapted, manager)).containsExactly(base);
        }
    }

    @Test
    void trainingLeavesEveryFrozenParameterBitForBitUnchangedAndMovesEveryTrainedOne() {
        for (CustomizationMethod method : CustomizationMethod.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DiffusionTransformer model = TinyGenerator.adapted(manager, method.adapter(RANK), 5);
                Map<String, float[]> before = TinyGenerator.values(model);
                Set<String> trained = names(method.trainedParameters(model));
                train(model, method, manager, 5, 3);
                Map<String, float[]> after = TinyGenerator.values(model);
                before.forEach((name, values) -> {
                    if (trained.contains(name)) {
                        assertThat(after.get(name))
                                .as(method.label() + " trains " + name)
                                .isNotEqualTo(values);
                    } else {
                        assertThat(after.get(name))
                                .as(method.label() + " freezes " + name)
                                .isEqualTo(values);
                    }
                });
            }
        }
    }

    @Test
    void gradientsReachOnlyTheParametersEachMethodTrains() {
        for (CustomizationMethod method : CustomizationMethod.values()) {
            try (NDManager manager = NDManager.newBaseManager()) {
                DiffusionTransformer model = TinyGenerator.adapted(manager, method.adapter(RANK), 6);
                // One update first: at the start the zero factors block the gradient of their partners.
                train(model, method, manager, 6, 1);
                Set<String> trained = names(method.trainedParameters(model));
                backwardOnce(model, manager);
                for (Pair<String, Parameter> entry : model.getParameters()) {
                    NDArray array = entry.getValue().getArray();
                    if (trained.contains(entry.getKey())) {
                        assertThat(array.hasGradient()).as(entry.getKey()).isTrue();
                        assertThat(maxAbs(array.getGradient().toFloatArray()))
                                .as(method.label() + " gradient of " + entry.getKey())
                                .isGreaterThan(0f);
                    } else {
                        assertThat(array.hasGradient())
                                .as(method.label() + " frozen " + entry.getKey())
                                .isFalse();
                    }
                }
            }
        }
    }

    @Test
    void eachMethodTrainsWhatItsDefinitionNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            DiffusionShape shape = TinyGenerator.SHAPE;
            int width = shape.width();
            int text = shape.textWidth();
            int heads = shape.heads();
            DiffusionTransformer plain = DiffusionModels.create(shape, AttentionAdapter.none(), manager, 1);
            long total = count(plain.getParameters().stream().toList());
            long textEncoder =
                    count(plain.textEncoder().getParameters().stream().toList());
            assertThat(count(CustomizationMethod.FULL.trainedParameters(plain))).isEqualTo(total - textEncoder);
            // Per block: cross-attention K and V map the prompt (text width) to the width, with bias.
            assertThat(count(CustomizationMethod.CUSTOM_DIFFUSION.trainedParameters(plain)))
                    .isEqualTo(shape.depth() * 2L * (text * width + width) + text);
            DiffusionTransformer lora = DiffusionModels.create(shape, AttentionAdapter.lora(RANK), manager, 1);
            long selfLora = 4L * (width * RANK + RANK * width);
            long crossLora = 2L * (width * RANK + RANK * width) + 2L * (text * RANK + RANK * width);
            assertThat(count(CustomizationMethod.LORA.trainedParameters(lora)))
                    .isEqualTo(shape.depth() * (selfLora + crossLora));
            DiffusionTransformer comcat = DiffusionModels.create(shape, AttentionAdapter.comcat(RANK), manager, 1);
            long selfBranches = 4L * width * heads * RANK;
            long crossBranches = 2L * width * heads * RANK + 2L * text * heads * RANK;
            assertThat(count(CustomizationMethod.COMCAT_ADAPTER.trainedParameters(comcat)))
                    .isEqualTo(shape.depth() * (selfBranches + crossBranches));
        }
    }

    static DiffusionTransformer customized(NDManager manager, CustomizationMethod method, long seed) {
        DiffusionTransformer model = TinyGenerator.adapted(manager, method.adapter(RANK), seed);
        train(model, method, manager, seed, 4);
        return model;
    }

    /** {@code steps} customization steps on the concept prompt. */
    static void train(DiffusionTransformer model, CustomizationMethod method, NDManager manager, long seed, int steps) {
        new DiffusionTrainer(model, TinyGenerator.SCHEDULE, new DiffusionTraining(steps, 4, 5e-2, 0, seed))
                .train(
                        TinyGenerator.images(4, seed + 10),
                        label -> Prompts.tokens(Prompts.conceptPrompt()),
                        method.trainedParameters(model),
                        manager,
                        (step, loss) -> {});
    }

    private static void backwardOnce(DiffusionTransformer model, NDManager manager) {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            long[] prompts = new long[2 * Prompts.LENGTH];
            int[] concept = Prompts.tokens(Prompts.conceptPrompt());
            for (int index = 0; index < prompts.length; index++) {
                prompts[index] = concept[index % Prompts.LENGTH];
            }
            NDList inputs = new NDList(
                    scope.randomNormal(new Shape(2, 1, 8, 8)),
                    scope.create(new float[] {10, 80}),
                    scope.create(prompts, new Shape(2, Prompts.LENGTH)));
            NDArray output = model.forward(new ParameterStore(manager, false), inputs, true)
                    .singletonOrThrow();
            collector.backward(output.square().mean());
        }
    }

    private static List<ConditionedAttention> attentions(DiffusionTransformer model) {
        return model.blocks().stream()
                .flatMap(block -> java.util.stream.Stream.of(block.selfAttention(), block.crossAttention()))
                .toList();
    }

    private static void zero(Linear linear) {
        Parameter weight = linear.getParameters().get("weight");
        ParameterValues.write(
                weight, new float[Math.toIntExact(weight.getArray().size())]);
    }

    private static Set<String> names(List<Pair<String, Parameter>> parameters) {
        return parameters.stream().map(Pair::getKey).collect(Collectors.toSet());
    }

    private static long count(List<Pair<String, Parameter>> parameters) {
        return parameters.stream()
                .mapToLong(entry -> entry.getValue().getArray().size())
                .sum();
    }

    private static float maxDifference(float[] left, float[] right) {
        float max = 0;
        for (int index = 0; index < left.length; index++) {
            max = Math.max(max, Math.abs(left[index] - right[index]));
        }
        return max;
    }

    private static float maxAbs(float[] values) {
        return maxDifference(values, new float[values.length]);
    }
}
