package org.ranksweep.worker.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.io.FileUtils;
import org.ranksweep.core.customize.ConceptClasses;
import org.ranksweep.core.customize.CustomizationArtifacts;
import org.ranksweep.core.customize.CustomizationPoint;
import org.ranksweep.core.customize.CustomizationResult;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.diffusion.ConceptCustomizer;
import org.ranksweep.worker.diffusion.CustomizationMethod;
import org.ranksweep.worker.diffusion.CustomizationOutcome;
import org.ranksweep.worker.diffusion.CustomizationRequest;
import org.ranksweep.worker.diffusion.DiffusionTrainer;
import org.ranksweep.worker.diffusion.GeneratorCache;
import org.ranksweep.worker.diffusion.GeneratorRecipe;
import org.ranksweep.worker.diffusion.SampleEvaluation;
import org.ranksweep.worker.diffusion.SampleGrid;
import org.ranksweep.worker.diffusion.SampleJudge;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.train.BaseModel;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.Digests;
import org.ranksweep.worker.train.TrainingCancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one customization trial: obtain the base generator (trained once on the seen classes and cached by content
 * hash, phase {@code generator}), teach it the trial's concept by the trial's method (phase {@code customize}), judge
 * its samples with the judge ViT (phase {@code sample}; the judge's own test top-1 once per judge, metric
 * {@code judge/test/top1}), and write the trial's directory under
 * {@code <artifacts>/trials/<SHA-256 of the config>/}: {@value #DELTA} (exactly the trained parameters, with method,
 * rank and concept in its metadata), {@value #SAMPLES} (the first {@value #GRID_IMAGES} concept samples) and
 * {@code summary.json}. Thread-safe: one generator is trained at a time, and training steps take the JVM-wide
 * gradient lock.
 */
final class CustomizationRun {

    private static final Logger LOG = LoggerFactory.getLogger(CustomizationRun.class);

    static final String DELTA = CustomizationArtifacts.DELTA;
    static final String SAMPLES = CustomizationArtifacts.SAMPLES;

    static final int GRID_IMAGES = 64;
    static final int GRID_COLUMNS = 16;

    private final GeneratorCache generators;
    private final Path trialsDirectory;
    private final ReentrantLock generatorLock = new ReentrantLock();
    /** The judge's test top-1 per judge (its model and data specs), measured once. */
    private final Map<String, Double> judgeTop1 = new ConcurrentHashMap<>();

    CustomizationRun(Path artifactDirectory) {
        this.generators = new GeneratorCache(artifactDirectory);
        this.trialsDirectory = artifactDirectory.toAbsolutePath().normalize().resolve("trials");
    }

    /** Runs {@code config} (a customization trial) with {@code judge}, on {@code data}. */
    TrialResult run(
            TrialConfig config, SplitDataset data, BaseModel judge, TrialListener listener, CancellationFlag cancel)
            throws IOException {
        CustomizationPoint point = config.customization();
        CustomizationMethod method = CustomizationMethod.fromLabel(config.method());
        ImageSet train = data.train();
        requireImages(train, point, data);
        GeneratorRecipe recipe = GeneratorRecipe.of(point.generator(), train.height(), train.channels());
        try (NDManager manager = NDManager.newBaseManager()) {
            GeneratorCache.Generator base = generator(recipe, train, manager, listener, cancel);
            listener.onProgress(new TrialProgress("customize", 1, 1, 0, point.steps()));
            SampleJudge sampleJudge = new SampleJudge(VitFactory.vit(judge.model()), data.normalization());
            double top1 = judgeTop1.computeIfAbsent(Json.write(List.of(config.model(), config.dataset())), key -> {
                double measured = sampleJudge.judge(data.test(), manager).top1(data.test());
                LOG.info(
                        "Judge test top-1 {} on {} test images of '{}'",
                        measured,
                        data.test().size(),
                        data.name());
                return measured;
            });
            listener.onMetric(new TrialMetric("judge", 0, "test", "top1", top1));
            int concept = point.concept();
            double[][] realFeatures =
                    sampleJudge.judge(data.test().withLabel(concept), manager).features();
            ConceptCustomizer customizer = new ConceptCustomizer(
                    base, sampleJudge, SampleEvaluation.of(point.sampling()), train, Map.of(concept, realFeatures));
            CustomizationRequest request = new CustomizationRequest(
                    method,
                    point.rank(),
                    concept,
                    point.shots(),
                    point.steps(),
                    point.batch(),
                    point.lr(),
                    config.seed());
            Files.createDirectories(trialsDirectory);
            Path staging = trialsDirectory.resolve(".staging-" + UUID.randomUUID());
            Files.createDirectories(staging);
            try {
                CustomizationOutcome outcome = customizer.run(
                        request, staging.resolve(DELTA), manager, steps("customize", point.steps(), listener, cancel));
                listener.onProgress(new TrialProgress("sample", 0, 0, 0, 0));
                SampleGrid.writeTiled(
                        outcome.conceptSamples().head(GRID_IMAGES), GRID_COLUMNS, staging.resolve(SAMPLES));
                CustomizationResult result = result(outcome, top1);
                String sha256 = Digests.sha256(staging.resolve(DELTA));
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("config", config);
                summary.put("customization", result);
                summary.put("generator", base.file().getFileName().toString());
                summary.put("deltaFile", DELTA);
                summary.put("deltaSha256", sha256);
                Files.writeString(staging.resolve("summary.json"), Json.write(summary), StandardCharsets.UTF_8);
                Path target = trialsDirectory.resolve(Digests.sha256(Json.write(config)));
                FileUtils.deleteDirectory(target.toFile());
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                metrics(result).forEach(listener::onMetric);
                return TrialResult.ofCustomization(result, target.toString(), sha256);
            } finally {
                FileUtils.deleteDirectory(staging.toFile());
            }
        }
    }

    private GeneratorCache.Generator generator(
            GeneratorRecipe recipe, ImageSet train, NDManager manager, TrialListener listener, CancellationFlag cancel)
            throws IOException {
        generatorLock.lock();
        try {
            listener.onProgress(
                    new TrialProgress("generator", 1, 1, 0, recipe.training().steps()));
            return generators.obtain(
                    recipe, train, manager, steps("generator", recipe.training().steps(), listener, cancel));
        } finally {
            generatorLock.unlock();
        }
    }

    /** Progress per step (at most a hundred reports), and a cancellation checked at every step. */
    private static DiffusionTrainer.StepListener steps(
            String phase, int steps, TrialListener listener, CancellationFlag cancel) {
        int every = Math.max(1, steps / 100);
        return (step, loss) -> {
            if (cancel.isCancelled()) {
                throw new TrainingCancelledException("trial cancelled at " + phase + " step " + step);
            }
            if (step % every == 0 || step == steps) {
                listener.onProgress(new TrialProgress(phase, 1, 1, step, steps));
            }
        };
    }

    private static CustomizationResult result(CustomizationOutcome outcome, double judgeTop1) {
        CustomizationRequest request = outcome.request();
        return new CustomizationResult(
                request.concept(),
                request.rank(),
                outcome.trainedParameters(),
                outcome.deltaBytes(),
                outcome.trainingSeconds(),
                outcome.secondsPerStep(),
                outcome.finalLoss(),
                outcome.fidelity(),
                outcome.retention(),
                outcome.frechetDistance(),
                judgeTop1);
    }

    /** The measurements as trial metrics: training under phase {@code customize}, judging under {@code sample}. */
    static List<TrialMetric> metrics(CustomizationResult result) {
        return List.of(
                new TrialMetric("customize", 0, "train", "loss", result.finalLoss()),
                new TrialMetric("customize", 0, "train", "seconds", result.trainingSeconds()),
                new TrialMetric("customize", 0, "train", "secondsPerStep", result.secondsPerStep()),
                new TrialMetric("customize", 0, "train", "params", result.trainedParams()),
                new TrialMetric("customize", 0, "train", "deltaBytes", result.deltaBytes()),
                new TrialMetric("sample", 0, "samples", "fidelity", result.fidelity()),
                new TrialMetric("sample", 0, "samples", "retention", result.retention()),
                new TrialMetric("sample", 0, "samples", "frechet", result.frechetDistance()));
    }

    /** The data must hold the generator's seen classes, square images its patches tile, and the concept's shots. */
    private static void requireImages(ImageSet train, CustomizationPoint point, SplitDataset data) {
        if (train.height() != train.width()
                || train.height() % point.generator().patch() != 0) {
            throw ValidationException.of(
                    "customization.generator.patch",
                    point.generator().patch() + " does not tile the " + train.height() + "×" + train.width()
                            + " images of '" + data.name() + "'");
        }
        if (data.classes() <= point.concept()) {
            throw ValidationException.of(
                    "customization.concepts",
                    "concept " + point.concept() + " is not a class of '" + data.name() + "' (" + data.classes()
                            + " classes)");
        }
        int shots = train.withLabel(point.concept()).size();
        if (shots < point.shots()) {
            throw ValidationException.of(
                    "customization.shots",
                    point.shots() + " shots of concept " + point.concept() + " (" + ConceptClasses.word(point.concept())
                            + ") asked for, but '" + data.name() + "' has " + shots + " training images of it");
        }
        if (data.test().withLabel(point.concept()).size() < 2) {
            throw ValidationException.of(
                    "dataset.testLimit",
                    "the Fréchet distance needs at least 2 test images of concept " + point.concept() + " in '"
                            + data.name() + "'");
        }
    }
}
