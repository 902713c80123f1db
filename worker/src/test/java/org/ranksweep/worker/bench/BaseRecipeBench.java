package org.ranksweep.worker.bench;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diagnostics.AttentionSpectrum;
import org.ranksweep.worker.diagnostics.SpectrumReport;
import org.ranksweep.worker.eval.Accuracy;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.EpochSummary;
import org.ranksweep.worker.train.ModelTrainer;
import org.ranksweep.worker.train.TrainingListener;
import org.ranksweep.worker.train.TrainingSettings;

/**
 * Trains the quickstart's dense base (vit-tiny-fmnist on 12,000 Fashion-MNIST images, 2,000 held out, 5,000 test,
 * seed 0, no augmentation) under each recipe given on the command line and prints one Markdown row per recipe:
 * mean per-head QK and VO 90 %-energy rank, held-out and test top-1, seconds. A recipe is
 * {@code epochs:lr:warmupEpochs:batch:weightDecay}, e.g. {@code 4:1e-3:0:128:0.05}. Not a test (no surefire name):
 * from the repository root,
 * <pre>
 * ./mvnw -o -q -pl worker -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath \
 *     -Dmdep.includeScope=test
 * (cd worker &amp;&amp; java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *     org.ranksweep.worker.bench.BaseRecipeBench 4:1e-3:0:128:0.05 6:1e-3:1:128:0.05)
 * </pre>
 * Not thread-safe.
 */
public final class BaseRecipeBench {

    private static final DatasetSpec QUICKSTART_DATA =
            new DatasetSpec("fashion-mnist", null, 2000, 12000, 5000, "none");

    private BaseRecipeBench() {}

    public static void main(String[] args) {
        TorchRuntime.start(Integer.getInteger("threads", 2));
        SplitDataset data =
                DatasetLoader.withDefaults(Path.of("target/dataset-cache")).load(QUICKSTART_DATA);
        System.out.println("| recipe (epochs:lr:warmup:batch:wd) | QK rank90 | VO rank90 | QK rank90 per block "
                + "| held-out top-1 | test top-1 | seconds |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String recipe : args) {
            System.out.println(row(recipe, parse(recipe), data));
        }
    }

    private static TrainRecipe parse(String text) {
        String[] parts = text.split(":");
        return new TrainRecipe(
                Integer.parseInt(parts[0]),
                Double.parseDouble(parts[1]),
                Integer.parseInt(parts[3]),
                Double.parseDouble(parts[4]),
                Integer.parseInt(parts[2]));
    }

    private static String row(String text, TrainRecipe recipe, SplitDataset data) {
        long started = System.nanoTime();
        try (Model model = VitFactory.create("base", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 0)) {
            List<EpochSummary> epochs = new ModelTrainer(
                            TrainingSettings.base(recipe, "none", 0), quiet(), CancellationFlag.never())
                    .train(VitFactory.vit(model), model.getNDManager(), data, null);
            double seconds = (System.nanoTime() - started) / 1e9;
            double test = Accuracy.top1(
                    VitFactory.vit(model), new Batches(data.test(), data.normalization(), 256), model.getNDManager());
            SpectrumReport spectrum = AttentionSpectrum.of(VitFactory.vit(model));
            StringBuilder blocks = new StringBuilder();
            spectrum.blocks()
                    .forEach(block -> blocks.append(blocks.length() == 0 ? "" : " / ")
                            .append(String.format(Locale.ROOT, "%.2f", block.qkRank90())));
            return String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %s | %.2f %% | %.2f %% | %.0f |",
                    text,
                    spectrum.meanQkRank90(),
                    spectrum.meanVoRank90(),
                    blocks,
                    100 * epochs.get(epochs.size() - 1).heldOutTop1(),
                    100 * test,
                    seconds);
        }
    }

    private static TrainingListener quiet() {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {
                System.err.printf(
                        Locale.ROOT,
                        "  epoch %d/%d loss %.4f held-out %.4f (%.0f s)%n",
                        summary.epoch(),
                        summary.epochs(),
                        summary.loss(),
                        summary.heldOutTop1(),
                        summary.seconds());
            }

            @Override
            public void onBatch(int epoch, int epochs, int batch, int batches) {}
        };
    }
}
