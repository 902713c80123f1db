package org.ranksweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.ranksweep.worker.data.PilOps.Image;

class RandAugmentTest {

    private static final int SIZE = 4;
    private static final int[] FILL = {7};

    /** A 4×4 grey image with distinct values 10, 25, 40, ... (10 + 15·i). */
    private static Image ramp() {
        Image image = new Image(1, SIZE, SIZE);
        for (int index = 0; index < SIZE * SIZE; index++) {
            image.set(0, index, 10 + 15 * index);
        }
        return image;
    }

    @Test
    void invertSubtractsEveryValueFrom255() {
        Image image = ramp();
        Image inverted = PilOps.invert(image);
        for (int index = 0; index < SIZE * SIZE; index++) {
            assertThat(inverted.get(0, index)).isEqualTo(255 - image.get(0, index));
        }
    }

    @Test
    void solarizeInvertsOnlyValuesAtOrAboveTheThreshold() {
        Image image = ramp();
        int threshold = image.get(0, 8);
        Image solarized = PilOps.solarize(image, threshold);
        for (int index = 0; index < SIZE * SIZE; index++) {
            int value = image.get(0, index);
            assertThat(solarized.get(0, index)).isEqualTo(index >= 8 ? 255 - value : value);
        }
    }

    @Test
    void solarizeAddAddsBelowTheThresholdAndSaturates() {
        Image image = ramp();
        Image added = PilOps.solarizeAdd(image, 100, 128);
        for (int index = 0; index < SIZE * SIZE; index++) {
            int value = image.get(0, index);
            assertThat(added.get(0, index)).isEqualTo(value < 128 ? Math.min(255, value + 100) : value);
        }
    }

    @Test
    void posterizeKeepsTheHighBits() {
        Image image = ramp();
        for (int bits = 1; bits <= 8; bits++) {
            Image posterized = PilOps.posterize(image, bits);
            int step = 1 << (8 - bits);
            for (int index = 0; index < SIZE * SIZE; index++) {
                int value = image.get(0, index);
                assertThat(posterized.get(0, index))
                        .as("%d bits of %d", bits, value)
                        .isEqualTo(value / step * step);
            }
        }
    }

    @Test
    void translateXShiftsColumnsAndFillsTheUncoveredEdge() {
        Image image = ramp();
        Image shifted = PilOps.affine(image, 1, 0, 1, 0, 1, 0, FILL);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int expected = x + 1 < SIZE ? image.get(0, y, x + 1) : FILL[0];
                assertThat(shifted.get(0, y, x)).isEqualTo(expected);
            }
        }
    }

    @Test
    void translateYShiftsRowsTheOtherWayWithANegativeOffset() {
        Image image = ramp();
        Image shifted = PilOps.affine(image, 1, 0, 0, 0, 1, -2, FILL);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int expected = y - 2 >= 0 ? image.get(0, y - 2, x) : FILL[0];
                assertThat(shifted.get(0, y, x)).isEqualTo(expected);
            }
        }
    }

    @Test
    void rotatingByNinetyDegreesTurnsTheImageCounterClockwise() {
        Image image = ramp();
        Image rotated = PilOps.rotate(image, 90, FILL);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                // counter-clockwise: the right column becomes the top row
                assertThat(rotated.get(0, y, x)).isEqualTo(image.get(0, x, SIZE - 1 - y));
            }
        }
        Image halfTurn = PilOps.rotate(image, 180, FILL);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                assertThat(halfTurn.get(0, y, x)).isEqualTo(image.get(0, SIZE - 1 - y, SIZE - 1 - x));
            }
        }
    }

    @Test
    void shearXShiftsEachRowByTheShearTimesItsCentre() {
        Image image = ramp();
        // shear 2/3: row y samples column x + (2/3)(y + 0.5), a whole pixel for row 1
        double shear = 2.0 / 3;
        Image sheared = PilOps.affine(image, 1, shear, 0, 0, 1, 0, FILL);
        int y = 1;
        int shift = (int) Math.round(shear * (y + 0.5));
        for (int x = 0; x < SIZE; x++) {
            int expected = x + shift < SIZE ? image.get(0, y, x + shift) : FILL[0];
            assertThat(sheared.get(0, y, x)).isEqualTo(expected);
        }
    }

    @Test
    void autoContrastStretchesEachChannelToTheFullRange() {
        Image image = ramp();
        Image stretched = PilOps.autoContrast(image);
        int lo = image.get(0, 0);
        int hi = image.get(0, SIZE * SIZE - 1);
        for (int index = 0; index < SIZE * SIZE; index++) {
            int expected = (int) ((image.get(0, index) - lo) * 255.0 / (hi - lo));
            assertThat(stretched.get(0, index)).isBetween(expected - 1, expected);
        }
        assertThat(stretched.get(0, 0)).isZero();
        // PIL computes ⌊x·(255/(hi − lo)) − lo·(255/(hi − lo))⌋ in floating point, which can land just below 255
        assertThat(stretched.get(0, SIZE * SIZE - 1)).isBetween(254, 255);
    }

    @Test
    void equalizeSpreadsSixteenDistinctValuesEvenly() {
        // 16 values once each: PIL's step is (16 − 1) / 255 = 0, so the image is unchanged
        Image image = ramp();
        assertThat(values(PilOps.equalize(image))).containsExactly(values(image));
        // two values, on 255 and 257 pixels: step = (512 − 257) / 255 = 1
        Image large = new Image(1, 16, 32);
        for (int index = 0; index < 16 * 32; index++) {
            large.set(0, index, index < 255 ? 50 : 200);
        }
        Image equalized = PilOps.equalize(large);
        // value 50 maps to ⌊0/1⌋ = 0 (nothing below it), value 200 to ⌊255/1⌋ (the 255 pixels below it)
        assertThat(equalized.get(0, 0)).isZero();
        assertThat(equalized.get(0, 16 * 32 - 1)).isEqualTo(255);
    }

    @Test
    void brightnessScalesAndContrastBlendsTowardsTheMean() {
        Image image = ramp();
        Image darker = PilOps.brightness(image, 0.5);
        Image flatter = PilOps.contrast(image, 0.5);
        double sum = 0;
        for (int index = 0; index < SIZE * SIZE; index++) {
            sum += image.get(0, index);
        }
        int mean = (int) (sum / (SIZE * SIZE) + 0.5);
        for (int index = 0; index < SIZE * SIZE; index++) {
            int value = image.get(0, index);
            assertThat(darker.get(0, index)).isEqualTo((int) (0.5 * value));
            assertThat(flatter.get(0, index)).isEqualTo((int) (mean + 0.5 * (value - mean)));
        }
    }

    @Test
    void colorIsTheIdentityOnOneChannelAndGreysRgbAtFactorZero() {
        Image image = ramp();
        assertThat(values(PilOps.color(image, 0.3))).containsExactly(values(image));
        Image rgb = new Image(3, 1, 2);
        int[][] pixels = {{200, 10, 30}, {0, 255, 90}};
        for (int x = 0; x < 2; x++) {
            for (int channel = 0; channel < 3; channel++) {
                rgb.set(channel, x, pixels[x][channel]);
            }
        }
        Image grey = PilOps.color(rgb, 0);
        for (int x = 0; x < 2; x++) {
            double luma = 0.299 * pixels[x][0] + 0.587 * pixels[x][1] + 0.114 * pixels[x][2];
            for (int channel = 0; channel < 3; channel++) {
                assertThat(grey.get(channel, x)).isCloseTo((int) Math.round(luma), Offset.offset(1));
            }
        }
    }

    @Test
    void sharpnessAtFactorOneIsTheIdentityAndAtZeroSmoothsTheInterior() {
        Image image = ramp();
        assertThat(values(PilOps.sharpness(image, 1))).containsExactly(values(image));
        Image smooth = PilOps.sharpness(image, 0);
        // interior pixel (1, 1): (Σ 3×3 neighbourhood + 4·centre) / 13
        int sum = 4 * image.get(0, 1, 1);
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                sum += image.get(0, 1 + dy, 1 + dx);
            }
        }
        assertThat(smooth.get(0, 1, 1)).isEqualTo((int) Math.round(sum / 13.0));
        assertThat(smooth.get(0, 0, 0)).isEqualTo(image.get(0, 0, 0));
    }

    @Test
    void theSameSeedAugmentsTheSameWayAndChangesMostImages() {
        byte[] source = new byte[3 * 8 * 8];
        new SplittableRandom(3).nextBytes(source);
        int changed = 0;
        for (int trial = 0; trial < 50; trial++) {
            byte[] first = source.clone();
            byte[] second = source.clone();
            new RandAugment(new SplittableRandom(trial), new int[] {124, 116, 104}).apply(first, 0, 3, 8, 8);
            new RandAugment(new SplittableRandom(trial), new int[] {124, 116, 104}).apply(second, 0, 3, 8, 8);
            assertThat(first).isEqualTo(second);
            if (!java.util.Arrays.equals(first, source)) {
                changed++;
            }
        }
        // each of two ops runs with probability 0.5: about 3/4 of the images change (a few ops may be no-ops)
        assertThat(changed).isBetween(25, 48);
    }

    private static int[] values(Image image) {
        int[] values = new int[image.channels * image.plane()];
        for (int channel = 0; channel < image.channels; channel++) {
            for (int index = 0; index < image.plane(); index++) {
                values[channel * image.plane() + index] = image.get(channel, index);
            }
        }
        return values;
    }
}
