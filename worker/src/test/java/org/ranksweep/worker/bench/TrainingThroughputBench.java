package org.ranksweep.worker.bench;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.EpochSummary;
import org.ranksweep.worker.train.ModelTrainer;
import org.ranksweep.worker.train.TrainingListener;
import org.ranksweep.worker.train.TrainingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures training throughput (images/s) of the tiny ViT (d 96, depth 4, 4 heads, patch 4) on Fashion-MNIST at
 * batch 128. Not part of the suite (its name does not end in Test); run it with
 * {@code ./mvnw -q -pl worker -am test -Dtest=TrainingThroughputBench -Dsurefire.failIfNoSpecifiedTests=false}.
 * The first epoch warms up; later epochs are timed.
 */
class TrainingThroughputBench {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingThroughputBench.class);
    private static final int IMAGES = Integer.getInteger("bench.images", 12_800);
    private static final int EPOCHS = Integer.getInteger("bench.epochs", 3);
    private static final int THREADS = Integer.getInteger("bench.threads", 2);

    @Test
    void measuresTrainingImagesPerSecond() {
        TorchRuntime.start(THREADS);
        SplitDataset data = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("fashion-mnist", null, 0, IMAGES, 1000, "none"));
        List<EpochSummary> epochs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            VisionTransformerBlock model = VitFactory.dense(ModelCatalog.VIT_TINY_FMNIST);
            VitFactory.initialize(model, manager, 1);
            TrainingSettings settings = new TrainingSettings(EPOCHS, 1e-3, 1e-5, 128, 0.05, "none", 0, 0, List.of(), 1);
            new ModelTrainer(settings, TrainingListener.none(), CancellationFlag.never())
                    .train(model, manager, data, null)
                    .forEach(epochs::add);
        }
        for (EpochSummary epoch : epochs) {
            LOG.info(
                    "epoch {}: {} images in {} s = {} images/s, loss {}, train top1 {}",
                    epoch.epoch(),
                    IMAGES,
                    String.format("%.2f", epoch.seconds()),
                    String.format("%.0f", IMAGES / epoch.seconds()),
                    String.format("%.3f", epoch.loss()),
                    String.format("%.3f", epoch.trainTop1()));
        }
    }
}
