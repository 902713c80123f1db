package org.ranksweep.worker.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.EpochSummary;
import org.ranksweep.worker.train.ModelTrainer;
import org.ranksweep.worker.train.TrainingListener;
import org.ranksweep.worker.train.TrainingSettings;

/**
 * The DJL side of the throughput comparison: trains the settings' ViT with the production {@link ModelTrainer}
 * (AdamW, cosine schedule, weight decay 0.05, no augmentation) on Fashion-MNIST (the tiny ViT) or random pixels
 * (other shapes), times its steps from the trainer's per-batch callback and the JVM's garbage collections over the
 * whole training. Not thread-safe (one measurement at a time).
 */
final class DjlTrainingThroughput {

    /** Held-out images the trainer evaluates after each epoch; that evaluation is never inside a timed step. */
    private static final int HELD_OUT = 256;

    private static final long RANDOM_TRAIN_SEED = 11;
    private static final long RANDOM_HELD_OUT_SEED = 12;
    /** Mean and standard deviation of bytes uniform on 0..255, scaled to [0, 1]. */
    private static final double RANDOM_PIXEL_MEAN = 0.5;

    private static final double RANDOM_PIXEL_STD = 0.2887;

    private DjlTrainingThroughput() {}

    static ThroughputSample measure(ThroughputSettings settings) {
        TorchRuntime.start(settings.threads());
        SplitDataset data = settings.fashionMnist() ? fashionMnist(settings) : randomImages(settings);
        StepClock clock = new StepClock(settings.warmup());
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformerBlock model = VitFactory.dense(settings.shape());
            VitFactory.initialize(model, manager, 1);
            TrainingSettings training = new TrainingSettings(
                    settings.epochs(), 1e-3, 1e-5, settings.batch(), 0.05, "none", 0, 0, List.of(), 1);
            GcClock gc = GcClock.start();
            new ModelTrainer(training, clock, CancellationFlag.never()).train(model, manager, data, null);
            GcClock.Spent spent = gc.spent();
            return new ThroughputSample(
                    "djl", clock.intervals, (long) clock.intervals.size() * settings.batch(), parameters(model), spent);
        }
    }

    private static SplitDataset fashionMnist(ThroughputSettings settings) {
        Path cache = BenchEnvironment.projectRoot().resolve("worker/target/dataset-cache");
        return DatasetLoader.withDefaults(cache)
                .load(new DatasetSpec(
                        DatasetLoader.FASHION_MNIST, null, HELD_OUT, settings.images(), HELD_OUT, "none"));
    }

    /** Random pixels and labels of the shape's input size, the same for every call; one batch held out. */
    private static SplitDataset randomImages(ThroughputSettings settings) {
        VitShape shape = settings.shape();
        ImageSet train = random(shape, settings.images(), RANDOM_TRAIN_SEED);
        ImageSet heldOut = random(shape, settings.batch(), RANDOM_HELD_OUT_SEED);
        return new SplitDataset(
                "random-" + shape.imageSize(),
                train,
                heldOut,
                heldOut,
                Normalization.uniform(RANDOM_PIXEL_MEAN, RANDOM_PIXEL_STD),
                shape.classes());
    }

    private static ImageSet random(VitShape shape, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int side = shape.imageSize();
        byte[] pixels = new byte[count * shape.channels() * side * side];
        for (int index = 0; index < pixels.length; index++) {
            pixels[index] = (byte) random.nextInt(256);
        }
        int[] labels = random.ints(count, 0, shape.classes()).toArray();
        return new ImageSet(pixels, labels, shape.channels(), side, side);
    }

    private static long parameters(VisionTransformerBlock model) {
        long count = 0;
        for (Pair<String, Parameter> entry : model.getParameters()) {
            count += entry.getValue().getArray().getShape().size();
        }
        return count;
    }

    /**
     * Stamps the end of every step; an interval between two stamps of the same epoch is one whole step (batch
     * loading included) and is kept once the warm-up steps are done. The first step of a later epoch follows the
     * held-out evaluation and is never kept, exactly as on the PyTorch side.
     */
    private static final class StepClock implements TrainingListener {
        private final int warmup;
        private final List<Double> intervals = new ArrayList<>();
        private int steps;
        private int previousEpoch;
        private long previous;

        private StepClock(int warmup) {
            this.warmup = warmup;
        }

        @Override
        public void onBatch(int epoch, int epochs, int batch, int batches) {
            long now = System.nanoTime();
            steps++;
            if (epoch == previousEpoch && steps > warmup) {
                intervals.add((now - previous) / 1e6);
            }
            previous = now;
            previousEpoch = epoch;
        }

        @Override
        public void onEpoch(EpochSummary summary) {}
    }
}
