package org.ranksweep.worker.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.worker.model.TorchRuntime;

class RandomErasingTest {

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void erasesAQuarterOfTheImagesWithBoxesInsideTheAreaAndAspectBounds() {
        SplittableRandom random = new SplittableRandom(2);
        int height = 28;
        int width = 28;
        int draws = 4000;
        int erased = 0;
        for (int draw = 0; draw < draws; draw++) {
            RandomErasing.Box box = RandomErasing.draw(random, height, width);
            if (box == null) {
                continue;
            }
            erased++;
            assertThat(box.top()).isGreaterThanOrEqualTo(0);
            assertThat(box.left()).isGreaterThanOrEqualTo(0);
            assertThat(box.top() + box.height()).isLessThanOrEqualTo(height);
            assertThat(box.left() + box.width()).isLessThanOrEqualTo(width);
            // h·w is the target area in [0.02, 1/3]·H·W up to rounding h and w: |h·w − t| ≤ (h + w)/2 + 1/4
            double area = (double) box.height() * box.width();
            double slack = (box.height() + box.width()) / 2.0 + 0.25;
            assertThat(area).isBetween(0.02 * height * width - slack, height * width / 3.0 + slack);
            // aspect h/w in [0.3, 1/0.3] up to the same rounding
            assertThat((box.height() + 0.5) / Math.max(0.5, box.width() - 0.5)).isGreaterThanOrEqualTo(0.3);
            assertThat((box.height() - 0.5) / (box.width() + 0.5)).isLessThanOrEqualTo(1 / 0.3);
        }
        // probability 0.25 (a few draws fail all ten attempts): 1000 expected, standard deviation about 27
        assertThat(erased).isBetween(880, 1100);
    }

    @Test
    void noiseReplacesExactlyTheBoxAndLeavesTheRestAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.full(new Shape(2, 3, 6, 5), 42f);
            RandomErasing.Box[] boxes = {new RandomErasing.Box(1, 2, 3, 2), null};
            float[] result = RandomErasing.apply(manager, images, boxes, new SplittableRandom(1))
                    .toFloatArray();
            int inside = 0;
            for (int image = 0; image < 2; image++) {
                for (int channel = 0; channel < 3; channel++) {
                    for (int y = 0; y < 6; y++) {
                        for (int x = 0; x < 5; x++) {
                            float value = result[((image * 3 + channel) * 6 + y) * 5 + x];
                            boolean inBox = image == 0 && y >= 1 && y < 4 && x >= 2 && x < 4;
                            if (inBox) {
                                inside++;
                                assertThat(value).isNotEqualTo(42f).isBetween(-6f, 6f);
                            } else {
                                assertThat(value).isEqualTo(42f);
                            }
                        }
                    }
                }
            }
            assertThat(inside).isEqualTo(3 * 3 * 2);
        }
    }
}
