package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * An independent classifier's view of images, generated or real: the class it assigns each one (argmax of its
 * logits) and its features (the class token after the last encoder block), from which fidelity, retention and the
 * Fréchet distance are computed. Thread-safe for calls on different threads once the classifier is initialised.
 */
public final class SampleJudge {

    /** What the classifier saw: per image its predicted class and its feature vector. */
    public record Verdict(int[] predictions, double[][] features) {

        /** The share of {@code labelled}'s images (those judged, in order) assigned to their own label. */
        public double top1(ImageSet labelled) {
            if (labelled.size() != predictions.length) {
                throw new IllegalArgumentException(
                        labelled.size() + " labelled images for " + predictions.length + " predictions");
            }
            int correct = 0;
            for (int index = 0; index < predictions.length; index++) {
                if (predictions[index] == labelled.label(index)) {
                    correct++;
                }
            }
            return (double) correct / predictions.length;
        }

        /** The share of images assigned to {@code label}. */
        public double share(int label) {
            int hits = 0;
            for (int prediction : predictions) {
                if (prediction == label) {
                    hits++;
                }
            }
            return (double) hits / predictions.length;
        }
    }

    private static final int BATCH = 256;

    private final VisionTransformerBlock classifier;
    private final Normalization normalization;

    public SampleJudge(VisionTransformerBlock classifier, Normalization normalization) {
        this.classifier = classifier;
        this.normalization = normalization;
    }

    /** The classifier's verdict on every image of {@code images}, in order. */
    public Verdict judge(ImageSet images, NDManager manager) {
        TorchRuntime.disableGradients();
        int lastBlock = classifier.blocks().size() - 1;
        Batches batches = new Batches(images, normalization, BATCH);
        int[] order = Batches.sequentialOrder(images.size());
        int[] predictions = new int[images.size()];
        double[][] features = new double[images.size()][];
        ParameterStore parameterStore = new ParameterStore(manager, false);
        for (int index = 0; index < batches.count(); index++) {
            try (NDManager scope = manager.newSubManager()) {
                ImageBatch batch = batches.load(scope, order, index, null);
                NDList outputs = classifier.forward(
                        parameterStore,
                        new NDList(batch.images()),
                        false,
                        VisionTransformerBlock.featureRequest(List.of(lastBlock)));
                long[] classes = outputs.get(0).argMax(-1).toLongArray();
                NDArray classTokens = outputs.get(1).get(":, 0, :");
                int width = (int) classTokens.getShape().get(1);
                float[] values = classTokens.toFloatArray();
                for (int row = 0; row < classes.length; row++) {
                    int image = index * BATCH + row;
                    predictions[image] = (int) classes[row];
                    features[image] = new double[width];
                    for (int column = 0; column < width; column++) {
                        features[image][column] = values[row * width + column];
                    }
                }
            }
        }
        return new Verdict(predictions, features);
    }
}
