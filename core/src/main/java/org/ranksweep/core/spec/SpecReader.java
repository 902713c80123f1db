package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.core.spec.SpecValues.IntRange;
import org.ranksweep.core.spec.SpecValues.Range;

/**
 * Walks a spec tree against the spec's schema, reporting every problem and applying defaults. Not thread-safe
 * (one per parse).
 */
final class SpecReader {

    static final List<String> KEYS = List.of(
            "name",
            "dataset",
            "model",
            "methods",
            "finetune",
            "sampler",
            "resources",
            "seeds",
            "maxAttempts",
            "controls",
            "scheduler",
            "objectives",
            "constraints",
            "customization");
    /** Keys that belong to compression sweeps only: a customization sweep may not give them. */
    static final List<String> COMPRESSION_ONLY_KEYS =
            List.of("methods", "finetune", "sampler", "controls", "scheduler", "objectives", "constraints");

    static final List<String> DATASET_KEYS = List.of("name", "path", "heldOut", "trainLimit", "testLimit", "augment");
    static final List<String> MODEL_KEYS = List.of("arch", "base");
    static final List<String> BASE_KEYS = List.of("train", "file");
    static final List<String> TRAIN_KEYS = List.of("epochs", "lr", "batch", "weightDecay", "warmupEpochs");
    static final List<String> SAMPLER_KEYS = List.of("algorithm", "n", "seed");
    /** Old names still accepted, each with a deprecation warning: old key to its new name. */
    static final Map<String, String> DEPRECATED_KEYS = Map.of("search", "sampler");

    static final List<String> RESOURCE_KEYS = List.of("device", "gpus", "oomRetryHalfBatch");
    static final List<String> CONTROL_KEYS = List.of("denseFt", "computeMatched");

    static final int HELD_OUT = 5000;
    /** Held-out, train and test limits count images; no dataset RankSweep reads comes near ten million. */
    static final IntRange IMAGE_COUNT = new IntRange(0, 10_000_000);

    static final IntRange IMAGE_LIMIT = new IntRange(1, 10_000_000);
    /** Seeds repeat every configuration; a thousand is far beyond any confidence interval's need. */
    static final int MAX_SEEDS = 1000;

    static final int MAX_ATTEMPTS = 3;

    private final Problems problems;

    SpecReader(Problems problems) {
        this.problems = problems;
    }

    /** The spec, or null when any problem was found (all of them are in {@link Problems}). */
    SweepSpec read(SpecObject top) {
        top.rejectUnknownKeys(KEYS, DEPRECATED_KEYS.keySet());
        String name = top.requiredText("name");
        if (name != null && !SpecNames.NAME.matcher(name).matches()) {
            problems.add("name", "must match " + SpecNames.NAME.pattern() + ", was '" + name + "'");
        }
        DatasetSpec dataset = top.requiredObject("dataset").map(this::dataset).orElse(null);
        ModelSpec model = top.requiredObject("model").map(this::model).orElse(null);
        Optional<VitShape> shape =
                Optional.ofNullable(model).map(ModelSpec::arch).flatMap(ModelCatalog::find);
        if (top.has("customization")) {
            return customizationSweep(top, name, dataset, model);
        }
        int beforeMethods = problems.count();
        List<MethodSpec> methods = new MethodReader(problems, shape).readAll(top);
        boolean methodsValid = problems.count() == beforeMethods;
        requireHeldOutForRankSearch(dataset, methods);
        FinetuneReader.Finetune finetuneRead = new FinetuneReader(problems, shape).read(top.objectOrEmpty("finetune"));
        FinetuneSpec finetune = finetuneRead.recipe();
        List<Double> lrs = finetuneRead.lrs();
        SamplerSpec sampler = sampler(renamed(top, "search"), methodsValid ? methods : null, lrs);
        ResourceSpec resources = resources(top.objectOrEmpty("resources"));
        List<Long> seeds = top.has("seeds") ? seeds(top) : List.of(0L);
        Integer maxAttempts = top.integer("maxAttempts", new IntRange(1, 20), MAX_ATTEMPTS);
        ControlSpec controls = controls(top.objectOrEmpty("controls"));
        ObjectivesReader objectivesReader = new ObjectivesReader(problems);
        SpecObject finetuneObject = top.objectOrEmpty("finetune");
        SchedulerSpec scheduler = objectivesReader.scheduler(
                top, finetuneObject.has("epochs") && finetune != null ? finetune.epochs() : null, methods);
        List<Objective> objectives = objectivesReader.objectives(top, top.has("scheduler"));
        List<Constraint> constraints = objectivesReader.constraints(top, top.has("scheduler"));
        if (!problems.isEmpty()) {
            return null;
        }
        if (scheduler != null) {
            finetune = finetune.withEpochs(scheduler.max());
        }
        return new SweepSpec(
                name,
                dataset,
                model,
                methods,
                finetune,
                sampler,
                resources,
                seeds,
                maxAttempts,
                controls,
                scheduler,
                objectives,
                constraints,
                lrs);
    }

    /**
     * A sweep that customizes a generator: {@code model} is its judge, and nothing of compression applies (every
     * method × rank × concept × seed runs to the end).
     */
    private SweepSpec customizationSweep(SpecObject top, String name, DatasetSpec dataset, ModelSpec model) {
        for (String key : COMPRESSION_ONLY_KEYS) {
            if (top.has(key)) {
                problems.add(
                        key,
                        "a customization sweep has no " + key + "; its methods, steps and rates are under"
                                + " customization (a sweep either compresses with methods or customizes with customization)");
            }
        }
        CustomizationSpec customization = top.requiredObject("customization")
                .map(object -> new CustomizationReader(problems).read(object))
                .orElse(null);
        ResourceSpec resources = resources(top.objectOrEmpty("resources"));
        List<Long> seeds = top.has("seeds") ? seeds(top) : List.of(0L);
        Integer maxAttempts = top.integer("maxAttempts", new IntRange(1, 20), MAX_ATTEMPTS);
        if (!problems.isEmpty()) {
            return null;
        }
        return new SweepSpec(
                name,
                dataset,
                model,
                List.of(),
                null,
                new SamplerSpec(SpecNames.GRID, null, 0L),
                resources,
                seeds,
                maxAttempts,
                ControlSpec.defaults(),
                null,
                null,
                List.of(),
                List.of(),
                customization);
    }

    /** A rank search selects on the held-out slice (never the test split), so it needs one. */
    private void requireHeldOutForRankSearch(DatasetSpec dataset, List<MethodSpec> methods) {
        if (dataset == null || dataset.heldOut() > 0) {
            return;
        }
        for (int index = 0; index < methods.size(); index++) {
            MethodSpec method = methods.get(index);
            if (method != null && method.rankSearch() != null) {
                problems.add(
                        "dataset.heldOut",
                        "must be > 0: " + method.name() + " (" + SpecValues.at("methods", index)
                                + ") searches its ranks on the held-out slice, never on the test split");
                return;
            }
        }
    }

    private DatasetSpec dataset(SpecObject dataset) {
        int before = problems.count();
        dataset.rejectUnknownKeys(DATASET_KEYS);
        String name = dataset.choice("name", "dataset", SpecNames.DATASETS, null);
        String path = dataset.text("path");
        Integer heldOut = dataset.integer("heldOut", IMAGE_COUNT, HELD_OUT);
        Integer trainLimit = dataset.integer("trainLimit", IMAGE_LIMIT);
        Integer testLimit = dataset.integer("testLimit", IMAGE_LIMIT);
        String augment = augment(dataset);
        if (SpecNames.IMAGEFOLDER.equals(name) && !dataset.has("path")) {
            problems.add(dataset.pathOf("path"), "imagefolder needs the directory that holds train/ and val/");
        }
        if (problems.count() > before) {
            return null;
        }
        return new DatasetSpec(name, path, heldOut, trainLimit, testLimit, augment);
    }

    /**
     * {@code none | light | deit}, default none; the booleans of older specs stand for {@code light} (true) and
     * {@code none} (false). Anything else is reported with the accepted values.
     */
    private String augment(SpecObject dataset) {
        JsonNode value = dataset.value("augment");
        if (value == null) {
            return SpecNames.AUGMENT_NONE;
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? SpecNames.AUGMENT_LIGHT : SpecNames.AUGMENT_NONE;
        }
        if (value.isTextual() && SpecNames.AUGMENTATIONS.contains(value.textValue())) {
            return value.textValue();
        }
        problems.add(
                dataset.pathOf("augment"),
                "must be one of " + String.join(", ", SpecNames.AUGMENTATIONS)
                        + " (or true = light, false = none), was " + SpecValues.describe(value));
        return null;
    }

    private ModelSpec model(SpecObject model) {
        model.rejectUnknownKeys(MODEL_KEYS);
        String arch = model.requiredText("arch");
        if (arch != null && ModelCatalog.find(arch).isEmpty()) {
            problems.add(model.pathOf("arch"), Suggestions.unknown("architecture", arch, ModelCatalog.names()));
        }
        BaseSpec base = model.requiredObject("base").map(this::base).orElse(null);
        return new ModelSpec(arch, base);
    }

    /** Exactly one of a training recipe or a parameter file. */
    private BaseSpec base(SpecObject base) {
        base.rejectUnknownKeys(BASE_KEYS);
        if (base.has("train") == base.has("file")) {
            problems.add(
                    base.path(), "give exactly one of 'train' or 'file'" + (base.has("train") ? ", not both" : ""));
            return null;
        }
        if (base.has("file")) {
            String file = base.text("file");
            return file == null ? null : new BaseSpec(null, file);
        }
        return base.object("train")
                .map(this::train)
                .map(recipe -> new BaseSpec(recipe, null))
                .orElse(null);
    }

    private TrainRecipe train(SpecObject train) {
        train.rejectUnknownKeys(TRAIN_KEYS);
        Integer epochs = train.requiredInteger("epochs", new IntRange(1, 1000));
        Double lr = train.requiredNumber("lr", Range.LEARNING_RATE);
        Integer batch = train.requiredInteger("batch", FinetuneReader.BATCH_RANGE);
        Double weightDecay = train.number("weightDecay", Range.WEIGHT_DECAY, FinetuneReader.WEIGHT_DECAY);
        Integer warmupEpochs = train.integer("warmupEpochs", new IntRange(0, 999), 0);
        if (epochs != null && warmupEpochs != null && warmupEpochs >= epochs) {
            problems.add(
                    train.pathOf("warmupEpochs"), "must be less than epochs (" + epochs + "), was " + warmupEpochs);
            return null;
        }
        if (epochs == null || lr == null || batch == null || weightDecay == null || warmupEpochs == null) {
            return null;
        }
        return new TrainRecipe(epochs, lr, batch, weightDecay, warmupEpochs);
    }

    /**
     * The object under the new name of the deprecated key {@code old}, or under {@code old} itself (with a
     * warning); giving both is a problem.
     */
    private SpecObject renamed(SpecObject top, String old) {
        String current = DEPRECATED_KEYS.get(old);
        if (!top.has(old)) {
            return top.objectOrEmpty(current);
        }
        if (top.has(current)) {
            problems.add(top.pathOf(old), "deprecated name of '" + current + "'; give only '" + current + "'");
            return top.objectOrEmpty(current);
        }
        problems.warn(top.pathOf(old), "deprecated; call it '" + current + "' (the same keys)");
        return top.objectOrEmpty(old);
    }

    /**
     * Grid takes no {@code n} or {@code seed}; random needs {@code n} between 1 and the number of distinct
     * configurations (checked only when the methods and the learning rates are valid), seed 0 by default.
     */
    private SamplerSpec sampler(SpecObject sampler, List<MethodSpec> methods, List<Double> lrs) {
        sampler.rejectUnknownKeys(SAMPLER_KEYS);
        String algorithm = sampler.choice("algorithm", "sampler algorithm", SpecNames.ALGORITHMS, SpecNames.GRID);
        if (SpecNames.GRID.equals(algorithm)) {
            for (String key : List.of("n", "seed")) {
                if (sampler.has(key)) {
                    problems.add(sampler.pathOf(key), "not allowed for algorithm grid (it runs every point)");
                }
            }
            return new SamplerSpec(SpecNames.GRID, null, null);
        }
        if (!SpecNames.RANDOM.equals(algorithm)) {
            return null;
        }
        Integer n = sampler.requiredInteger("n", IntRange.atLeast(1));
        Long seed = sampler.has("seed")
                ? SpecValues.integer(sampler.value("seed"), sampler.pathOf("seed"), fullRange(), problems)
                : Long.valueOf(0); // boxed: a primitive 0L would unbox an invalid (null) seed
        int points = methods == null || lrs == null ? Integer.MAX_VALUE : configurationCount(methods, lrs.size());
        if (n != null && n > points) {
            problems.add(
                    sampler.pathOf("n"),
                    n + " exceeds the " + points
                            + " distinct configurations of the search space (budgets and explicit ranks of every method"
                            + (lrs.size() > 1 ? ", times the " + lrs.size() + " fine-tuning learning rates)" : ")"));
        }
        return new SamplerSpec(SpecNames.RANDOM, n, seed);
    }

    /**
     * Points of the search space before seeds: dense and explicit ranks are one point, per-layer rank candidates one
     * per drawn vector ({@code samples}) and one more with a warm start, else one per budget; each point once per fine-tuning learning rate.
     */
    static int configurationCount(List<MethodSpec> methods, int lrs) {
        return methods.stream()
                        .filter(Objects::nonNull)
                        .mapToInt(SpecReader::points)
                        .sum()
                * lrs;
    }

    private static int points(MethodSpec method) {
        if (method.rankSpace() != null) {
            return method.rankSpace().points();
        }
        return method.budget().isEmpty() ? 1 : method.budget().size();
    }

    private ResourceSpec resources(SpecObject resources) {
        resources.rejectUnknownKeys(RESOURCE_KEYS);
        String device = resources.choice("device", "device", SpecNames.DEVICES, SpecNames.CPU);
        Integer gpus = resources.integer("gpus", new IntRange(0, 1024), 0);
        if (SpecNames.GPU.equals(device) && gpus != null && gpus < 1) {
            problems.add(resources.pathOf("gpus"), "must be >= 1 for device gpu, was " + gpus);
        } else if (SpecNames.CPU.equals(device) && gpus != null && gpus > 0) {
            problems.add(resources.pathOf("gpus"), "must be 0 for device cpu, was " + gpus);
        }
        Boolean oomRetryHalfBatch = resources.flag("oomRetryHalfBatch", false);
        return device == null || gpus == null || oomRetryHalfBatch == null
                ? null
                : new ResourceSpec(device, gpus, oomRetryHalfBatch);
    }

    /** Both controls default to on. */
    private ControlSpec controls(SpecObject controls) {
        controls.rejectUnknownKeys(CONTROL_KEYS);
        Boolean denseFt = controls.flag("denseFt", true);
        Boolean computeMatched = controls.flag("computeMatched", true);
        return denseFt == null || computeMatched == null ? null : new ControlSpec(denseFt, computeMatched);
    }

    /** A non-empty list of distinct seeds (a single seed may be written without brackets). */
    private List<Long> seeds(SpecObject top) {
        List<JsonNode> elements = SpecValues.elements(top.value("seeds"), "seeds", problems);
        if (elements == null) {
            return null;
        }
        if (elements.isEmpty()) {
            problems.add("seeds", "must list at least one seed");
        }
        if (elements.size() > MAX_SEEDS) {
            problems.add("seeds", "must list at most " + MAX_SEEDS + " seeds, listed " + elements.size());
            return null;
        }
        List<Long> seeds = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String path = SpecValues.at("seeds", index);
            Long seed = SpecValues.integer(elements.get(index), path, fullRange(), problems);
            if (seed != null && seeds.contains(seed)) {
                problems.add(
                        path, "duplicate seed " + seed + " (also " + SpecValues.at("seeds", seeds.indexOf(seed)) + ")");
            }
            seeds.add(seed);
        }
        return seeds;
    }

    private static IntRange fullRange() {
        return new IntRange(Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
