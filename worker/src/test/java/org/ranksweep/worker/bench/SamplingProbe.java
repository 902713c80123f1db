package org.ranksweep.worker.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diffusion.AttentionAdapter;
import org.ranksweep.worker.diffusion.DdimSampler;
import org.ranksweep.worker.diffusion.DiffusionModels;
import org.ranksweep.worker.diffusion.DiffusionTransformer;
import org.ranksweep.worker.diffusion.GeneratorCache;
import org.ranksweep.worker.diffusion.GeneratorRecipe;
import org.ranksweep.worker.diffusion.ParameterFiles;
import org.ranksweep.worker.diffusion.Prompts;
import org.ranksweep.worker.diffusion.SampleJudge;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.BaseModel;
import org.ranksweep.worker.train.BaseModelCache;
import org.ranksweep.worker.train.BaseRequest;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.TrainingListener;

/**
 * How well a customization spec's base generator makes the classes it was trained on, before any customization:
 * per class, the share of its samples that the spec's judge recognises, for several guidance scales and DDIM step
 * counts (what the spec's {@code sampling} chooses). The generator and the judge are read from the artifacts
 * directory's caches, or trained into them; {@code -Dprobe.generator=FILE} probes that generator file instead (same
 * shape, another recipe). Arguments: the spec, the artifacts directory, samples per class, then
 * {@code guidance:steps} pairs, e.g. {@code experiments/customization-fmnist.yaml /tmp/customization 32 3:50 5:50}.
 */
public final class SamplingProbe {

    private SamplingProbe() {}

    public static void main(String[] args) throws IOException {
        SweepSpec spec = new SpecParser().parse(Path.of(args[0]));
        Path artifacts = Path.of(args[1]);
        int perClass = Integer.parseInt(args[2]);
        TorchRuntime.start(Runtime.getRuntime().availableProcessors());
        SplitDataset data =
                DatasetLoader.withDefaults(artifacts.resolve("cache")).load(spec.dataset());
        BaseRequest judgeRequest = new BaseRequest(
                ModelCatalog.find(spec.model().arch()).orElseThrow(),
                spec.dataset(),
                spec.model().base().train(),
                0);
        try (NDManager manager = NDManager.newBaseManager();
                BaseModel judgeModel = new BaseModelCache(artifacts)
                        .obtain(judgeRequest, data, TrainingListener.none(), CancellationFlag.never())) {
            GeneratorRecipe recipe = GeneratorRecipe.of(
                    spec.customization().generator(),
                    data.train().height(),
                    data.train().channels());
            // A generator file (.safetensors of the recipe's shape) instead of the recipe's cache entry: to compare
            // generators trained by other recipes with the same judge.
            String file = System.getProperty("probe.generator");
            DiffusionTransformer model;
            if (file != null) {
                model = DiffusionModels.create(recipe.shape(), AttentionAdapter.none(), manager, recipe.initSeed());
                ParameterFiles.read(
                        Path.of(file), model.getParameters().stream().toList());
            } else {
                model = new GeneratorCache(artifacts)
                        .obtain(recipe, data.train(), manager, (step, loss) -> {
                            if (step % 500 == 0) {
                                System.out.printf(Locale.ROOT, "generator step %d loss %.4f%n", step, loss);
                            }
                        })
                        .model();
            }
            SampleJudge judge = new SampleJudge(VitFactory.vit(judgeModel.model()), data.normalization());
            System.out.printf(
                    Locale.ROOT,
                    "generator %s; judge test top-1 %.4f%n",
                    file == null ? "of the spec's recipe" : file,
                    judge.judge(data.test(), manager).top1(data.test()));
            for (int index = 3; index < args.length; index++) {
                String[] setting = args[index].split(":");
                double guidance = Double.parseDouble(setting[0]);
                int steps = Integer.parseInt(setting[1]);
                DdimSampler sampler = new DdimSampler(model, recipe.noiseSchedule(), steps, guidance);
                long started = System.nanoTime();
                StringBuilder line = new StringBuilder();
                double sum = 0;
                for (int label = 0; label < recipe.seenClasses(); label++) {
                    ImageSet samples = sampler.sample(
                            Prompts.tokens(Prompts.classPrompt(label)), perClass, label, 1 + label, 64, manager);
                    double share = judge.judge(samples, manager).share(label);
                    sum += share;
                    line.append(String.format(Locale.ROOT, " %s %.2f", Prompts.CLASS_WORDS.get(label), share));
                }
                System.out.printf(
                        Locale.ROOT,
                        "guidance %.1f, %d steps: retention %.3f (%.0f s):%s%n",
                        guidance,
                        steps,
                        sum / recipe.seenClasses(),
                        (System.nanoTime() - started) / 1e9,
                        line);
            }
        }
    }
}
