package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ranksweep.worker.data.ImageSet;

/**
 * Runs customizations of one base generator and judges them: copies the base into a model with the method's
 * adapters, trains the method's parameters on the concept's shots, stores exactly those parameters as the delta,
 * then samples the concept prompt and every seen class's prompt and asks the judge. Not thread-safe.
 */
public final class ConceptCustomizer {

    private final GeneratorCache.Generator base;
    private final SampleJudge judge;
    private final SampleEvaluation evaluation;
    private final ImageSet train;
    private final Map<Integer, double[][]> realFeatures;

    /**
     * @param train        the images shots are drawn from (all classes)
     * @param realFeatures per concept class, the judge's features of real images of it (the Fréchet reference)
     */
    public ConceptCustomizer(
            GeneratorCache.Generator base,
            SampleJudge judge,
            SampleEvaluation evaluation,
            ImageSet train,
            Map<Integer, double[][]> realFeatures) {
        this.base = base;
        this.judge = judge;
        this.evaluation = evaluation;
        this.train = train;
        this.realFeatures = Map.copyOf(realFeatures);
    }

    /** Runs {@code request}, writing its delta to {@code delta}. */
    public CustomizationOutcome run(CustomizationRequest request, Path delta, NDManager manager) throws IOException {
        return run(request, delta, manager, (step, loss) -> {});
    }

    /** As {@link #run(CustomizationRequest, Path, NDManager)}, telling {@code listener} of every training step. */
    public CustomizationOutcome run(
            CustomizationRequest request, Path delta, NDManager manager, DiffusionTrainer.StepListener listener)
            throws IOException {
        GeneratorRecipe recipe = base.recipe();
        DiffusionTransformer model = DiffusionModels.create(
                recipe.shape(), request.method().adapter(request.rank()), manager, request.seed());
        DiffusionModels.copyBase(base.model(), model);
        List<Pair<String, Parameter>> trained = request.method().trainedParameters(model);
        ImageSet shots = shots(request);
        DiffusionTrainer.Record record = new DiffusionTrainer(model, recipe.noiseSchedule(), request.training())
                .train(shots, label -> Prompts.tokens(Prompts.conceptPrompt()), trained, manager, listener);
        long bytes = ParameterFiles.write(delta, trained, metadata(request));
        long parameters = trained.stream()
                .mapToLong(entry -> entry.getValue().getArray().size())
                .sum();
        DdimSampler sampler =
                new DdimSampler(model, recipe.noiseSchedule(), evaluation.ddimSteps(), evaluation.guidance());
        ImageSet conceptSamples = sampler.sample(
                Prompts.tokens(Prompts.conceptPrompt()),
                evaluation.conceptSamples(),
                request.concept(),
                samplingSeed(request.seed(), request.concept()),
                evaluation.batch(),
                manager);
        SampleJudge.Verdict verdict = judge.judge(conceptSamples, manager);
        double[][] reference = realFeatures.get(request.concept());
        return new CustomizationOutcome(
                request,
                parameters,
                bytes,
                record.seconds(),
                record.finalLoss(),
                verdict.share(request.concept()),
                retention(sampler, samplingSeed(request.seed(), request.concept()), manager),
                reference == null ? Double.NaN : FrechetDistance.between(verdict.features(), reference),
                delta,
                conceptSamples);
    }

    /**
     * The mean over seen classes of the share of {@code sampler}'s samples of their prompt that the judge assigns to
     * them, sampled from {@code seed} (one seed per class after it).
     */
    public double retention(DdimSampler sampler, long seed, NDManager manager) {
        double sum = 0;
        for (int label = 0; label < base.recipe().seenClasses(); label++) {
            ImageSet samples = sampler.sample(
                    Prompts.tokens(Prompts.classPrompt(label)),
                    evaluation.retentionSamples(),
                    label,
                    seed + 1 + label,
                    evaluation.batch(),
                    manager);
            sum += judge.judge(samples, manager).share(label);
        }
        return sum / base.recipe().seenClasses();
    }

    /** The same noise for every method of one concept and seed, so methods differ only by what they learned. */
    public static long samplingSeed(long seed, int concept) {
        return 1_000_003L * seed + 1_009L * concept;
    }

    /** {@code shots} images of the concept's class, drawn without replacement by the request's seed. */
    ImageSet shots(CustomizationRequest request) {
        int[] candidates = IntStream.range(0, train.size())
                .filter(index -> train.label(index) == request.concept())
                .toArray();
        if (candidates.length < request.shots()) {
            throw new IllegalArgumentException("concept " + request.concept() + " has " + candidates.length
                    + " training images, fewer than the " + request.shots() + " shots asked for");
        }
        SplittableRandom random = new SplittableRandom(request.seed());
        for (int index = 0; index < request.shots(); index++) {
            int other = index + random.nextInt(candidates.length - index);
            int swap = candidates[index];
            candidates[index] = candidates[other];
            candidates[other] = swap;
        }
        return train.select(java.util.Arrays.copyOf(candidates, request.shots()));
    }

    private Map<String, String> metadata(CustomizationRequest request) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "ranksweep-concept-delta");
        metadata.put("method", request.method().label());
        metadata.put("rank", Integer.toString(request.rank()));
        metadata.put("concept", Prompts.CLASS_WORDS.get(request.concept()));
        metadata.put("token", Prompts.CONCEPT_WORD);
        metadata.put("shots", Integer.toString(request.shots()));
        metadata.put("steps", Integer.toString(request.steps()));
        metadata.put("learningRate", String.format(Locale.ROOT, "%g", request.learningRate()));
        metadata.put("seed", Long.toString(request.seed()));
        metadata.put("base", base.file().getFileName().toString());
        return metadata;
    }
}
