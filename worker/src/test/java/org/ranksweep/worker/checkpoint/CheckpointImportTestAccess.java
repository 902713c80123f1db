package org.ranksweep.worker.checkpoint;

import ai.djl.Model;
import org.ranksweep.core.model.VitShape;

/** The forward-pass helpers of the checkpoint tests, for tests in other packages. */
public final class CheckpointImportTestAccess {

    private CheckpointImportTestAccess() {
    }

    public static float[][] randomImages(VitShape shape, int count, long seed) {
        return CheckpointImportTest.randomImages(shape, count, seed);
    }

    public static float[][] forward(Model model, VitShape shape, float[][] images) {
        return CheckpointImportTest.forward(model, shape, images);
    }
}
