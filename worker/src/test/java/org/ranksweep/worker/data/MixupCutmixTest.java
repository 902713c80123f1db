package org.ranksweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.worker.model.TorchRuntime;

class MixupCutmixTest {

    private static final int CLASSES = 10;

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void labelSmoothingPutsTenPercentEvenlyOverTheClasses() {
        float[] targets = MixupCutmix.targets(new long[] {3}, CLASSES, 1.0, 0.1);
        for (int k = 0; k < CLASSES; k++) {
            double expected = k == 3 ? 0.9 + 0.1 / CLASSES : 0.1 / CLASSES;
            assertThat((double) targets[k]).isCloseTo(expected, Offset.offset(1e-6));
        }
    }

    @Test
    void mixedTargetsSumToOneAndWeighTheMirroredLabelByOneMinusLambda() {
        long[] labels = {0, 4, 7};
        double lambda = 0.7;
        float[] targets = MixupCutmix.targets(labels, CLASSES, lambda, 0.1);
        for (int i = 0; i < labels.length; i++) {
            double sum = 0;
            for (int k = 0; k < CLASSES; k++) {
                sum += targets[i * CLASSES + k];
            }
            assertThat(sum).isCloseTo(1.0, Offset.offset(1e-5));
            long own = labels[i];
            long mirrored = labels[labels.length - 1 - i];
            double off = 0.1 / CLASSES;
            double expectedOwn = own == mirrored ? 0.9 + off : lambda * (0.9 + off) + (1 - lambda) * off;
            assertThat((double) targets[i * CLASSES + (int) own]).isCloseTo(expectedOwn, Offset.offset(1e-6));
        }
    }

    @Test
    void cutmixLambdaIsTheShareOfTheImageOutsideTheBox() {
        SplittableRandom random = new SplittableRandom(5);
        int cutmixes = 0;
        for (int draw = 0; draw < 400; draw++) {
            MixupCutmix.Mix mix = MixupCutmix.draw(random, 28, 20);
            assertThat(mix.lambda()).isBetween(0.0, 1.0);
            if (mix.cutmix()) {
                cutmixes++;
                assertThat(mix.top()).isBetween(0, mix.bottom());
                assertThat(mix.bottom()).isLessThanOrEqualTo(28);
                assertThat(mix.left()).isBetween(0, mix.right());
                assertThat(mix.right()).isLessThanOrEqualTo(20);
                int area = (mix.bottom() - mix.top()) * (mix.right() - mix.left());
                assertThat(mix.lambda()).isCloseTo(1 - area / (28.0 * 20), Offset.offset(1e-12));
            }
        }
        // switch probability 0.5: 200 expected, standard deviation 10
        assertThat(cutmixes).isBetween(160, 240);
    }

    @Test
    void betaDrawsHaveTheMeanAndVarianceOfBetaAlphaAlpha() {
        SplittableRandom random = new SplittableRandom(11);
        for (double alpha : new double[] {0.8, 1.0}) {
            int draws = 20_000;
            double sum = 0;
            double squares = 0;
            for (int draw = 0; draw < draws; draw++) {
                double value = MixupCutmix.beta(random, alpha);
                sum += value;
                squares += value * value;
            }
            double mean = sum / draws;
            double variance = squares / draws - mean * mean;
            // Beta(a, a): mean 1/2, variance a² / ((2a)² (2a + 1)) = 1 / (4 (2a + 1))
            assertThat(mean).isCloseTo(0.5, Offset.offset(0.01));
            assertThat(variance).isCloseTo(1 / (4 * (2 * alpha + 1)), Offset.offset(0.005));
        }
    }

    @Test
    void mixupBlendsEachImageWithItsMirrorAndCutmixPastesTheBox() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] pixels = new float[3 * 4 * 4];
            for (int index = 0; index < pixels.length; index++) {
                pixels[index] = index;
            }
            NDArray images = manager.create(pixels, new Shape(3, 1, 4, 4));
            float[] mixed = MixupCutmix.mix(manager, images, MixupCutmix.Mix.mixup(0.25))
                    .toFloatArray();
            float[] cut = MixupCutmix.mix(manager, images, MixupCutmix.Mix.cutmix(1, 3, 0, 2, 4, 4))
                    .toFloatArray();
            for (int image = 0; image < 3; image++) {
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        int own = image * 16 + y * 4 + x;
                        int mirrored = (2 - image) * 16 + y * 4 + x;
                        assertThat(mixed[own]).isCloseTo(0.25f * own + 0.75f * mirrored, Offset.offset(1e-4f));
                        boolean inBox = y >= 1 && y < 3 && x < 2;
                        assertThat(cut[own]).isEqualTo(inBox ? mirrored : own);
                    }
                }
            }
            assertThat(MixupCutmix.Mix.cutmix(1, 3, 0, 2, 4, 4).lambda()).isEqualTo(1 - 4 / 16.0);
        }
    }
}
