package org.ranksweep.worker.checkpoint;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.model.ParameterValues;

/** The forward-pass helpers of the checkpoint tests, for tests in other packages. */
public final class CheckpointImportTestAccess {

    private CheckpointImportTestAccess() {}

    public static float[][] randomImages(VitShape shape, int count, long seed) {
        return CheckpointImportTest.randomImages(shape, count, seed);
    }

    public static float[][] forward(Model model, VitShape shape, float[][] images) {
        return CheckpointImportTest.forward(model, shape, images);
    }

    /**
     * The logits of the independent plain-Java timm forward ({@link TimmReference}) over a dense safetensors file
     * read with DJL's own safetensors decoder, which shares no code with ours.
     */
    public static double[][] timmLogits(Path file, VitShape shape, float[][] images) throws IOException {
        TimmStateDict dict = new TimmStateDict();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (NDArray array : NDList.decode(manager, Files.readAllBytes(file))) {
                dict.tensors.put(
                        array.getName(),
                        new TimmStateDict.Tensor(array.getShape().getShape(), array.toFloatArray()));
            }
        }
        return TimmReference.logits(dict, shape, images);
    }

    /** Asserts the largest difference between {@code actual} and {@code expected} is below {@code tolerance}. */
    public static void assertClose(float[][] actual, double[][] expected, double tolerance) {
        CheckpointImportTest.assertClose(actual, expected, tolerance);
    }

    /**
     * {@code model} with every parameter drawn anew (weights, biases, LayerNorm gamma around 1 and beta, class token,
     * positions): freshly built models have zero biases and unit LayerNorms, which hide misnamed biases and norms.
     */
    public static Model randomised(Model model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
            float[] values =
                    new float[Math.toIntExact(entry.getValue().getArray().size())];
            double mean = entry.getKey().endsWith("gamma") ? 1 : 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (mean + 0.2 * gaussian(random));
            }
            ParameterValues.write(entry.getValue(), values);
        }
        return model;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
