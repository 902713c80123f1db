package org.ranksweep.worker.scratch;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.worker.data.*;
import org.ranksweep.worker.model.*;
import org.ranksweep.worker.train.*;

class StepTimeBench {
    @Test
    void steps() {
        TorchRuntime.start(Integer.getInteger("bench.threads", 2));
        SplitDataset data = DatasetLoader.withDefaults(Path.of("target/dataset-cache"))
                .load(new DatasetSpec("fashion-mnist", null, 0, 128 * 150, 100, false));
        long[] last = {System.nanoTime()};
        try (Model model = VitFactory.create("m", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 1)) {
            new ModelTrainer(new TrainingSettings(1, 1e-3, 1e-5, 128, 0.05, false, 0, 0, List.of(), 1),
                new TrainingListener() {
                    public void onEpoch(EpochSummary s) {}
                    public void onBatch(int e, int es, int b, int bs) {
                        if (b % 10 == 0) {
                            long now = System.nanoTime();
                            System.out.printf("batch %d: %.1f ms/step, %s%n", b, (now - last[0]) / 1e7,
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                            last[0] = now;
                        }
                    }
                }, CancellationFlag.never()).train(VitFactory.vit(model), model.getNDManager(), data, null);
        }
    }
}
