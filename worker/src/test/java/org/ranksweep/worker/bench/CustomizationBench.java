package org.ranksweep.worker.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diffusion.ConceptCustomizer;
import org.ranksweep.worker.diffusion.CustomizationMethod;
import org.ranksweep.worker.diffusion.CustomizationOutcome;
import org.ranksweep.worker.diffusion.CustomizationRequest;
import org.ranksweep.worker.diffusion.DdimSampler;
import org.ranksweep.worker.diffusion.GeneratorCache;
import org.ranksweep.worker.diffusion.GeneratorRecipe;
import org.ranksweep.worker.diffusion.Prompts;
import org.ranksweep.worker.diffusion.SampleEvaluation;
import org.ranksweep.worker.diffusion.SampleGrid;
import org.ranksweep.worker.diffusion.SampleJudge;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.BaseModel;
import org.ranksweep.worker.train.BaseModelCache;
import org.ranksweep.worker.train.BaseRequest;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.EpochSummary;
import org.ranksweep.worker.train.TrainingListener;

/**
 * The customization benchmark: a base generator trained on Fashion-MNIST classes 0–7 (cached), an independent ViT
 * judge trained on all ten classes (cached), then every method × held-out concept (8 bag, 9 ankle boot) × seed:
 * seconds per training step, exact bytes of the stored delta, fidelity, retention and Fréchet distance. Appends a run
 * to {@code benchmarks/customization.md} and writes a sample grid next to it.
 *
 * <p>Run from the repository root (arguments: artifacts directory, seeds, steps):
 *
 * <pre>
 * ./mvnw -o -q -pl worker -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath \
 *     -Dmdep.includeScope=test \
 *   &amp;&amp; java $(sed -n 's/.*&lt;ranksweep.jvm.flags&gt;\(.*\)&lt;\/ranksweep.jvm.flags&gt;.*&#47;\1/p' pom.xml) \
 *     -cp "worker/target/test-classes:worker/target/classes:$(cat worker/target/test.classpath)" \
 *     org.ranksweep.worker.bench.CustomizationBench /tmp/customization 2 250
 * </pre>
 */
public final class CustomizationBench {

    static final int SHOTS = 8;
    static final int BATCH = 8;
    static final int RANK = 2;
    static final int[] CONCEPTS = {8, 9};
    /** Per method the learning rate (COMCAT's from the reference code; the others the usual scale for them). */
    static final Map<CustomizationMethod, Double> LEARNING_RATES = Map.of(
            CustomizationMethod.FULL, 1e-4,
            CustomizationMethod.CUSTOM_DIFFUSION, 1e-3,
            CustomizationMethod.LORA, 1e-3,
            CustomizationMethod.COMCAT_ADAPTER, 2.5e-3);

    static final DatasetSpec JUDGE_DATA = new DatasetSpec("fashion-mnist", null, 2000, null, null, "light");
    static final TrainRecipe JUDGE_RECIPE = new TrainRecipe(48, 2e-3, 128, 0.05, 3);

    private CustomizationBench() {}

    public static void main(String[] args) throws IOException {
        Path artifacts = Path.of(args.length > 0 ? args[0] : "/tmp/customization");
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 250;
        TorchRuntime.start(Runtime.getRuntime().availableProcessors());
        String loadBefore = BenchEnvironment.loadAverages();
        long started = System.nanoTime();
        SplitDataset data =
                DatasetLoader.withDefaults(artifacts.resolve("cache")).load(JUDGE_DATA);
        BaseRequest judgeRequest = new BaseRequest(ModelCatalog.VIT_TINY_FMNIST, JUDGE_DATA, JUDGE_RECIPE, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            GeneratorCache.Generator base = new GeneratorCache(artifacts)
                    .obtain(GeneratorRecipe.fashionMnist(), data.train(), manager, (step, loss) -> {
                        if (step % 250 == 0) {
                            System.out.printf(Locale.ROOT, "generator step %d loss %.4f%n", step, loss);
                        }
                    });
            long generatorDone = System.nanoTime();
            BaseModel judgeModel = new BaseModelCache(artifacts)
                    .obtain(judgeRequest, data, progress("judge"), CancellationFlag.never());
            long judgeDone = System.nanoTime();
            SampleJudge judge = new SampleJudge(vit(judgeModel.model()), data.normalization());
            double judgeTop1 = judge.judge(data.test(), manager).top1(data.test());
            Map<Integer, double[][]> real = new HashMap<>();
            for (int concept : CONCEPTS) {
                real.put(
                        concept,
                        judge.judge(data.test().withLabel(concept), manager).features());
            }
            SampleEvaluation evaluation = SampleEvaluation.standard();
            ConceptCustomizer customizer = new ConceptCustomizer(base, judge, evaluation, data.train(), real);
            Path deltas = Files.createDirectories(artifacts.resolve("deltas"));
            List<CustomizationOutcome> outcomes = new ArrayList<>();
            Map<String, ImageSet> gridRows = new LinkedHashMap<>();
            Map<String, Double> baseline = baseline(base, judge, customizer, evaluation, manager);
            for (int concept : CONCEPTS) {
                gridRows.put(
                        "training images of " + Prompts.CLASS_WORDS.get(concept),
                        data.train().withLabel(concept));
                for (CustomizationMethod method : CustomizationMethod.values()) {
                    for (long seed = 0; seed < seeds; seed++) {
                        CustomizationRequest request = new CustomizationRequest(
                                method, RANK, concept, SHOTS, steps, BATCH, LEARNING_RATES.get(method), seed);
                        CustomizationOutcome outcome = customizer.run(
                                request,
                                deltas.resolve(method.label() + "-" + concept + "-" + seed + ".safetensors"),
                                manager);
                        System.out.println(CustomizationReport.row(outcome));
                        outcomes.add(outcome);
                        if (seed == 0) {
                            gridRows.put(
                                    method.label() + " · " + Prompts.CLASS_WORDS.get(concept),
                                    outcome.conceptSamples());
                        }
                    }
                }
            }
            Path results = BenchEnvironment.resultsFile("customization.md");
            Path grid = results.resolveSibling("customization-samples.png");
            SampleGrid.write(new ArrayList<>(gridRows.values()), 12, grid);
            CustomizationReport report = new CustomizationReport(
                    outcomes,
                    judgeTop1,
                    baseline,
                    base,
                    (judgeDone - generatorDone) / 1e9,
                    (generatorDone - started) / 1e9,
                    (System.nanoTime() - started) / 1e9,
                    loadBefore,
                    new ArrayList<>(gridRows.keySet()));
            BenchEnvironment.appendRun(
                    results,
                    CustomizationReport.HEADER,
                    BenchEnvironment.nextRunNumber(results),
                    BenchEnvironment.now(),
                    report.markdown(seeds, steps));
            System.out.println("Appended to " + results + "; samples in " + grid);
            judgeModel.close();
        }
    }

    /** What the base generator does before any customization: retention, and what it makes of "a photo of a v*". */
    private static Map<String, Double> baseline(
            GeneratorCache.Generator base,
            SampleJudge judge,
            ConceptCustomizer customizer,
            SampleEvaluation evaluation,
            NDManager manager) {
        DdimSampler sampler = new DdimSampler(
                base.model(), base.recipe().noiseSchedule(), evaluation.ddimSteps(), evaluation.guidance());
        Map<String, Double> baseline = new LinkedHashMap<>();
        baseline.put(
                "retention", customizer.retention(sampler, ConceptCustomizer.samplingSeed(0, CONCEPTS[0]), manager));
        for (int concept : CONCEPTS) {
            ImageSet samples = sampler.sample(
                    Prompts.tokens(Prompts.conceptPrompt()),
                    evaluation.conceptSamples(),
                    concept,
                    ConceptCustomizer.samplingSeed(0, concept),
                    evaluation.batch(),
                    manager);
            baseline.put(
                    "fidelity " + Prompts.CLASS_WORDS.get(concept),
                    judge.judge(samples, manager).share(concept));
        }
        return baseline;
    }

    private static VisionTransformerBlock vit(Model model) {
        return VitFactory.vit(model);
    }

    private static TrainingListener progress(String what) {
        return new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary summary) {
                System.out.printf(
                        Locale.ROOT,
                        "%s epoch %d/%d loss %.4f held-out top-1 %.4f (%.0f s)%n",
                        what,
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
