package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ranksweep.core.customize.ConceptClasses;
import org.ranksweep.core.customize.CustomizationMethods;
import org.ranksweep.core.spec.SpecValues.IntRange;
import org.ranksweep.core.spec.SpecValues.Range;

/** Reads and checks the {@code customization} part of a spec. Not thread-safe (one per parse). */
final class CustomizationReader {

    static final List<String> KEYS = List.of("generator", "concepts", "shots", "steps", "batch", "methods", "sampling");
    static final List<String> GENERATOR_KEYS =
            List.of("width", "depth", "heads", "patch", "textDepth", "seenClasses", "steps", "batch", "lr", "schedule");
    static final List<String> METHOD_KEYS = List.of("name", "ranks", "lr");
    static final List<String> SAMPLING_KEYS = List.of("concept", "perClass", "ddimSteps", "guidance");

    /** Each method's learning rate when its entry gives none (COMCAT's is the reference code's). */
    static final Map<String, Double> DEFAULT_LRS = Map.of(
            CustomizationMethods.FULL.name(), 1e-4,
            CustomizationMethods.CUSTOM_DIFFUSION.name(), 1e-3,
            CustomizationMethods.LORA.name(), 1e-3,
            CustomizationMethods.COMCAT_ADAPTER.name(), 2.5e-3);

    static final int DEFAULT_RANK = 2;
    static final int MAX_LABEL = 999;
    private static final IntRange SIZE = new IntRange(1, 4096);
    private static final IntRange STEPS = new IntRange(1, 1_000_000);

    private final Problems problems;

    CustomizationReader(Problems problems) {
        this.problems = problems;
    }

    /** The customization part, or null when it holds a problem (reported). */
    CustomizationSpec read(SpecObject customization) {
        customization.rejectUnknownKeys(KEYS);
        int before = problems.count();
        GeneratorSpec generator = generator(customization.objectOrEmpty("generator"));
        List<Integer> concepts = concepts(customization, generator);
        Integer shots = customization.integer("shots", SIZE, 8);
        Integer steps = customization.integer("steps", STEPS, 250);
        Integer batch = customization.integer("batch", SIZE, 8);
        List<CustomizationMethodSpec> methods = methods(customization);
        SamplingSpec sampling = sampling(customization.objectOrEmpty("sampling"));
        if (problems.count() > before) {
            return null;
        }
        return new CustomizationSpec(generator, concepts, shots, steps, batch, methods, sampling);
    }

    private GeneratorSpec generator(SpecObject generator) {
        generator.rejectUnknownKeys(GENERATOR_KEYS);
        GeneratorSpec defaults = GeneratorSpec.defaults();
        Integer width = generator.integer("width", SIZE, defaults.width());
        Integer depth = generator.integer("depth", new IntRange(1, 64), defaults.depth());
        Integer heads = generator.integer("heads", new IntRange(1, 64), defaults.heads());
        Integer patch = generator.integer("patch", new IntRange(1, 64), defaults.patch());
        Integer textDepth = generator.integer("textDepth", new IntRange(1, 64), defaults.textDepth());
        Integer seen = generator.integer("seenClasses", new IntRange(1, MAX_LABEL), defaults.seenClasses());
        Integer steps = generator.integer("steps", STEPS, defaults.steps());
        Integer batch = generator.integer("batch", SIZE, defaults.batch());
        Double lr = generator.number("lr", Range.LEARNING_RATE, defaults.lr());
        String schedule = generator.choice("schedule", "schedule", SpecNames.SCHEDULES, defaults.schedule());
        if (width != null && heads != null && width % heads != 0) {
            problems.add(generator.pathOf("width"), "must be a multiple of heads (" + heads + "), was " + width);
        }
        if (width != null && heads != null && width % GeneratorSpec.textHeads(heads) != 0) {
            problems.add(
                    generator.pathOf("width"),
                    "must be a multiple of the prompt encoder's heads (" + GeneratorSpec.textHeads(heads)
                            + ", half of heads), was " + width);
        }
        if (width == null
                || depth == null
                || heads == null
                || patch == null
                || textDepth == null
                || seen == null
                || steps == null
                || batch == null
                || lr == null
                || schedule == null) {
            return null;
        }
        return new GeneratorSpec(width, depth, heads, patch, textDepth, seen, steps, batch, lr, schedule);
    }

    /** Labels or class words, distinct, each a class the generator does not see. */
    private List<Integer> concepts(SpecObject customization, GeneratorSpec generator) {
        if (!customization.require("concepts")) {
            return List.of();
        }
        List<JsonNode> elements =
                SpecValues.elements(customization.value("concepts"), "customization.concepts", problems);
        if (elements == null) {
            return List.of();
        }
        if (elements.isEmpty()) {
            problems.add("customization.concepts", "must list at least one concept");
        }
        List<Integer> concepts = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String path = SpecValues.at("customization.concepts", index);
            Integer label = concept(elements.get(index), path);
            if (label == null) {
                continue;
            }
            if (generator != null && label < generator.seenClasses()) {
                problems.add(
                        path,
                        "concept " + label + " (" + ConceptClasses.word(label) + ") is a class the"
                                + " generator is trained on (labels below generator.seenClasses = "
                                + generator.seenClasses() + "); a concept must be held out");
            } else if (concepts.contains(label)) {
                problems.add(path, "duplicate concept " + label);
            } else {
                concepts.add(label);
            }
        }
        return concepts;
    }

    private Integer concept(JsonNode value, String path) {
        if (value.isTextual()) {
            int label = ConceptClasses.WORDS.indexOf(value.asText());
            if (label < 0) {
                problems.add(
                        path,
                        Suggestions.unknown("concept", value.asText(), ConceptClasses.WORDS)
                                + " (or give the class's label)");
                return null;
            }
            return label;
        }
        Long label = SpecValues.integer(value, path, new IntRange(0, MAX_LABEL), problems);
        return label == null ? null : Math.toIntExact(label);
    }

    private List<CustomizationMethodSpec> methods(SpecObject customization) {
        if (!customization.require("methods")) {
            return List.of();
        }
        String path = customization.pathOf("methods");
        JsonNode list = customization.value("methods");
        if (!list.isArray() || list.isEmpty()) {
            problems.add(
                    path,
                    "must be a non-empty list of methods (" + String.join(", ", CustomizationMethods.names())
                            + "), was " + SpecValues.describe(list));
            return List.of();
        }
        List<CustomizationMethodSpec> methods = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            JsonNode element = list.get(index);
            String at = SpecValues.at(path, index);
            JsonNode mapping =
                    element.isTextual() ? JsonNodeFactory.instance.objectNode().put("name", element.asText()) : element;
            Optional<SpecObject> entry = SpecObject.of(mapping, at, problems);
            entry.map(this::method).ifPresent(method -> {
                if (methods.stream().anyMatch(other -> other.name().equals(method.name()))) {
                    problems.add(at, "method " + method.name() + " is listed twice; list its ranks in one entry");
                } else {
                    methods.add(method);
                }
            });
        }
        return methods;
    }

    private CustomizationMethodSpec method(SpecObject entry) {
        entry.rejectUnknownKeys(METHOD_KEYS);
        String name = entry.choice("name", "customization method", CustomizationMethods.names(), null);
        if (name == null) {
            return null;
        }
        CustomizationMethods.Method method = CustomizationMethods.find(name).orElseThrow();
        Double lr = entry.number("lr", Range.LEARNING_RATE, DEFAULT_LRS.get(name));
        List<Integer> ranks = ranks(entry, method);
        return lr == null || ranks == null ? null : new CustomizationMethodSpec(name, ranks, lr);
    }

    private List<Integer> ranks(SpecObject entry, CustomizationMethods.Method method) {
        if (!method.ranked()) {
            if (entry.has("ranks")) {
                problems.add(
                        entry.pathOf("ranks"),
                        method.name() + " has no rank (it trains "
                                + method.trains() + "); ranks apply to "
                                + String.join(
                                        ", ",
                                        CustomizationMethods.ALL.stream()
                                                .filter(CustomizationMethods.Method::ranked)
                                                .map(CustomizationMethods.Method::name)
                                                .toList()));
                return null;
            }
            return List.of();
        }
        if (!entry.has("ranks")) {
            return List.of(DEFAULT_RANK);
        }
        List<JsonNode> elements = SpecValues.elements(entry.value("ranks"), entry.pathOf("ranks"), problems);
        if (elements == null) {
            return null;
        }
        if (elements.isEmpty()) {
            problems.add(entry.pathOf("ranks"), "must list at least one rank");
            return null;
        }
        List<Integer> ranks = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String at = SpecValues.at(entry.pathOf("ranks"), index);
            Long rank = SpecValues.integer(elements.get(index), at, new IntRange(1, 1024), problems);
            if (rank == null) {
                return null;
            }
            if (ranks.contains(rank.intValue())) {
                problems.add(at, "duplicate rank " + rank);
                return null;
            }
            ranks.add(rank.intValue());
        }
        return ranks;
    }

    private SamplingSpec sampling(SpecObject sampling) {
        sampling.rejectUnknownKeys(SAMPLING_KEYS);
        SamplingSpec defaults = SamplingSpec.defaults();
        Integer concept = sampling.integer("concept", new IntRange(1, 100_000), defaults.concept());
        Integer perClass = sampling.integer("perClass", new IntRange(1, 100_000), defaults.perClass());
        Integer ddimSteps = sampling.integer("ddimSteps", new IntRange(1, 1000), defaults.ddimSteps());
        Double guidance = sampling.number("guidance", new Range(0, false, 100, false), defaults.guidance());
        return concept == null || perClass == null || ddimSteps == null || guidance == null
                ? null
                : new SamplingSpec(concept, perClass, ddimSteps, guidance);
    }
}
