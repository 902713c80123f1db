package org.ranksweep.worker.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.model.ModelParameters;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.BaseModelCache;

class CheckpointImportTest {

    /** DeiT's structure at a size that runs in milliseconds: 32×32 RGB, patch 8, d=48, 2 blocks, 3 heads. */
    private static final VitShape MINI_DEIT = new VitShape("mini-deit", 32, 3, 8, 48, 2, 3, 4, 10);

    @TempDir
    Path directory;

    @Test
    void importedTimmCheckpointGivesTheLogitsOfAnIndependentTimmForward() throws Exception {
        TimmStateDict dict = TimmStateDict.random(MINI_DEIT, 7);
        Path file = directory.resolve("mini.safetensors");
        dict.write(file);
        float[][] images = randomImages(MINI_DEIT, 3, 11);
        try (Model model = CheckpointImport.timm("mini", MINI_DEIT, file)) {
            assertClose(forward(model, MINI_DEIT, images), TimmReference.logits(dict, MINI_DEIT, images), 1e-4);
        }
    }

    @Test
    void importsARealDeitTinyShapedCheckpointWithTimmsTensorCountAndParameterCount() throws Exception {
        VitShape deitTiny = ModelCatalog.DEIT_TINY;
        TimmStateDict dict = TimmStateDict.random(deitTiny, 3);
        Path file = directory.resolve("deit_tiny_patch16_224.safetensors");
        dict.write(file);
        // timm's deit_tiny_patch16_224 state dict: 4 embedding tensors, 12 per block, final norm and head.
        assertThat(dict.tensors).hasSize(4 + 12 * 12 + 4);
        float[][] image = randomImages(deitTiny, 1, 5);
        try (var base = BaseModelCache.load(deitTiny, file)) {
            // 5,717,416 is the parameter count timm reports for deit_tiny_patch16_224.
            assertThat(ModelParameters.count(base.model().getBlock())).isEqualTo(5_717_416L);
            assertClose(forward(base.model(), deitTiny, image), TimmReference.logits(dict, deitTiny, image), 1e-4);
        }
    }

    @Test
    void namesEveryMissingUnexpectedAndMisshapenTensor() throws Exception {
        TimmStateDict dict = TimmStateDict.random(MINI_DEIT, 1);
        dict.tensors.remove("blocks.1.attn.proj.bias");
        dict.tensors.put("dist_token", new TimmStateDict.Tensor(new long[] {1, 1, 48}, new float[48]));
        dict.tensors.put("head.weight", new TimmStateDict.Tensor(new long[] {1000, 48}, new float[48_000]));
        Path file = directory.resolve("bad.safetensors");
        dict.write(file);
        assertThatThrownBy(() -> CheckpointImport.timm("bad", MINI_DEIT, file))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.problems())
                            .extracting(Problem::path)
                            .containsExactlyInAnyOrder("blocks.1.attn.proj.bias", "head.weight", "dist_token");
                    assertThat(e.getMessage())
                            .contains("missing from bad.safetensors")
                            .contains("has shape [1000, 48] in bad.safetensors, mini-deit needs [10, 48]")
                            .contains("distilled DeiT");
                });
    }

    static float[][] randomImages(VitShape shape, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] images = new float[count][shape.channels() * shape.imageSize() * shape.imageSize()];
        for (float[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) (random.nextDouble() * 4 - 2);
            }
        }
        return images;
    }

    static float[][] forward(Model model, VitShape shape, float[][] images) {
        TorchRuntime.disableGradients();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            float[] flat = new float[images.length * images[0].length];
            for (int i = 0; i < images.length; i++) {
                System.arraycopy(images[i], 0, flat, i * images[0].length, images[0].length);
            }
            NDArray input = scope.create(flat, VitFactory.vit(model).inputShape(images.length));
            NDArray logits = VitFactory.vit(model)
                    .forward(new ParameterStore(scope, false), new NDList(input), false)
                    .head();
            float[] values = logits.toFloatArray();
            float[][] result = new float[images.length][shape.classes()];
            for (int i = 0; i < images.length; i++) {
                System.arraycopy(values, i * shape.classes(), result[i], 0, shape.classes());
            }
            return result;
        }
    }

    static void assertClose(float[][] actual, double[][] expected, double tolerance) {
        assertThat(actual.length).isEqualTo(expected.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).hasSize(expected[i].length);
            for (int j = 0; j < actual[i].length; j++) {
                worst = Math.max(worst, Math.abs(actual[i][j] - expected[i][j]));
            }
        }
        assertThat(worst).as("largest logit difference").isLessThan(tolerance);
    }
}
