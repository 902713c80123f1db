package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.method.MethodOptions;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.method.RankBound;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.SpecValues.IntRange;
import org.ranksweep.core.spec.SpecValues.Range;

/** Reads and checks the {@code methods} list of a spec. Not thread-safe (one per parse). */
final class MethodReader {

    static final List<String> KEYS = List.of(
            "name",
            "label",
            "budget",
            "ranks",
            "importance",
            "factorizeMlp",
            "rho",
            "candidates",
            "searchMlp",
            "searchEpochs",
            "beta",
            "temperature",
            "searchBatch",
            "searchSteps",
            "selection",
            "samples",
            "seed",
            "warmStart");
    static final List<String> RANK_KEYS = List.of("qk", "vo");

    private final Problems problems;
    private final Optional<VitShape> shape;

    /** @param shape the sweep's architecture; empty when it is missing or unknown (already reported) */
    MethodReader(Problems problems, Optional<VitShape> shape) {
        this.problems = problems;
        this.shape = shape;
    }

    /** Every method entry, in spec order; null entries where an entry was not a mapping. */
    List<MethodSpec> readAll(SpecObject top) {
        if (!top.require("methods")) {
            return List.of();
        }
        JsonNode list = top.value("methods");
        if (!list.isArray()) {
            problems.add("methods", "must be a list of methods, was " + SpecValues.describe(list));
            return List.of();
        }
        if (list.isEmpty()) {
            problems.add("methods", "must list at least one method");
        }
        List<MethodSpec> methods = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            String path = SpecValues.at("methods", index);
            methods.add(SpecObject.of(list.get(index), path, problems)
                    .map(this::read)
                    .orElse(null));
        }
        rejectDuplicateLabels(methods);
        return methods;
    }

    private void rejectDuplicateLabels(List<MethodSpec> methods) {
        Map<String, Integer> firstIndexes = new HashMap<>();
        for (int index = 0; index < methods.size(); index++) {
            MethodSpec method = methods.get(index);
            if (method == null || method.label() == null) {
                continue;
            }
            Integer first = firstIndexes.putIfAbsent(method.label(), index);
            if (first != null) {
                problems.add(
                        SpecValues.at("methods", index) + ".label",
                        "duplicate '" + method.label() + "' (also " + SpecValues.at("methods", first) + ")");
            }
        }
    }

    private MethodSpec read(SpecObject entry) {
        entry.rejectUnknownKeys(KEYS);
        String name = entry.choice("name", "method", Methods.names(), null);
        String label = label(entry, name);
        Optional<CompressionMethod> kind = Optional.ofNullable(name).flatMap(Methods::find);
        if (kind.isEmpty()) {
            return new MethodSpec(name, label, List.of(), null, null, false);
        }
        boolean space = takesRankSpace(entry, kind.get());
        checkSearchSpace(entry, kind.get(), space);
        if (!space) {
            RankSpaceReader.rejectKeys(entry, kind.get());
        }
        if (kind.get().options().searchesRanks()) {
            return rankSearching(entry, name, label);
        }
        rejectRankSearchKeys(entry, kind.get());
        if (space) {
            return rankSpace(entry, kind.get(), label);
        }
        List<Double> budget = entry.has("budget") && kind.get().options().compresses() ? budget(entry) : List.of();
        RankSpec ranks = entry.has("ranks") && kind.get().options().rankBound() != RankBound.NONE
                ? ranks(entry, kind.get())
                : null;
        String importance = onlyFor(entry, "importance", kind.get().options().takesImportance(), kind.get())
                ? entry.choice("importance", "importance", SpecNames.IMPORTANCES, SpecNames.L1)
                : null;
        Boolean factorizeMlp =
                onlyFor(entry, "factorizeMlp", kind.get().options().takesFactorizeMlp(), kind.get())
                        ? entry.flag("factorizeMlp", false)
                        : Boolean.FALSE;
        return new MethodSpec(name, label, budget, ranks, importance, Boolean.TRUE.equals(factorizeMlp));
    }

    /** comcat-auto: budgets 1 − ρ and the search options; budget and ranks were already rejected. */
    private MethodSpec rankSearching(SpecObject entry, String name, String label) {
        RankSearchReader reader = new RankSearchReader(problems, shape);
        List<Double> budgets = reader.budgets(entry);
        RankSearchSpec rankSearch = reader.read(entry);
        for (String key : List.of("importance", "factorizeMlp")) {
            onlyFor(entry, key, false, Methods.require(name));
        }
        return new MethodSpec(name, label, budgets, null, null, false, rankSearch);
    }

    /** Per-layer candidates on a method that takes explicit ranks (the space reader refuses all but comcat). */
    private static boolean takesRankSpace(SpecObject entry, CompressionMethod kind) {
        MethodOptions options = kind.options();
        return RankSpaceReader.isSpace(entry)
                && options.compresses()
                && !options.searchesRanks()
                && options.rankBound() != RankBound.NONE;
    }

    /** comcat with per-layer candidates: its vectors are drawn by the planner, so no budget list and no ranks. */
    private MethodSpec rankSpace(SpecObject entry, CompressionMethod kind, String label) {
        onlyFor(entry, "importance", kind.options().takesImportance(), kind);
        if (Boolean.TRUE.equals(entry.flag("factorizeMlp", false))) {
            problems.add(
                    entry.pathOf("factorizeMlp"),
                    "must be false with per-layer rank candidates (their budget prices attention-only plans)");
        }
        RankSpaceSpec space = new RankSpaceReader(problems, shape).read(entry, kind);
        return new MethodSpec(kind.name(), label, List.of(), null, null, false, null, space);
    }

    private void rejectRankSearchKeys(SpecObject entry, CompressionMethod kind) {
        List<String> takers = Methods.ALL.stream()
                .filter(method -> method.options().searchesRanks())
                .map(CompressionMethod::name)
                .toList();
        for (String key : RankSearchReader.KEYS) {
            if (entry.has(key)) {
                problems.add(
                        entry.pathOf(key),
                        "not allowed for " + kind.name() + " (only for " + String.join(", ", takers) + ")");
            }
        }
    }

    private String label(SpecObject entry, String name) {
        if (!entry.has("label")) {
            return name;
        }
        String label = entry.text("label");
        if (label != null && !SpecNames.NAME.matcher(label).matches()) {
            problems.add(entry.pathOf("label"), "must match " + SpecNames.NAME.pattern() + ", was '" + label + "'");
        }
        return label;
    }

    /**
     * Dense takes neither budget nor ranks; a rank-searching method takes rho instead of either; every other
     * method takes exactly one of them, except that per-layer rank candidates ({@code space}) need a budget too.
     */
    private void checkSearchSpace(SpecObject entry, CompressionMethod kind, boolean space) {
        boolean hasBudget = entry.has("budget");
        boolean hasRanks = entry.has("ranks");
        String name = kind.name();
        MethodOptions options = kind.options();
        if (options.searchesRanks()) {
            for (String key : List.of("budget", "ranks")) {
                if (entry.has(key)) {
                    problems.add(
                            entry.pathOf(key),
                            "not allowed for " + name
                                    + " (give rho, the parameter-reduction ratio: each trial keeps 1 - rho)");
                }
            }
        } else if (!options.compresses()) {
            for (String key : List.of("budget", "ranks")) {
                if (entry.has(key)) {
                    problems.add(entry.pathOf(key), "not allowed for " + name + " (it is a single point)");
                }
            }
        } else if (hasRanks && options.rankBound() == RankBound.NONE) {
            problems.add(entry.pathOf("ranks"), "not allowed for " + name + " (use budget)");
        } else if (space) {
            if (!hasBudget) {
                problems.add(
                        entry.path(),
                        name + " with per-layer rank candidates needs 'budget', the one fraction whose uniform"
                                + " comcat parameters the drawn vectors stay within");
            }
        } else if (hasBudget && hasRanks) {
            problems.add(entry.path(), "give either 'budget' or 'ranks', not both");
        } else if (!hasBudget && !hasRanks) {
            problems.add(
                    entry.path(),
                    name + " needs "
                            + (options.rankBound() == RankBound.NONE ? "'budget'" : "either 'budget' or 'ranks'"));
        }
    }

    private boolean onlyFor(SpecObject entry, String key, boolean allowed, CompressionMethod kind) {
        if (entry.has(key) && !allowed) {
            List<String> takers = Methods.ALL.stream()
                    .filter(other -> key.equals("importance")
                            ? other.options().takesImportance()
                            : other.options().takesFactorizeMlp())
                    .map(CompressionMethod::name)
                    .toList();
            problems.add(
                    entry.pathOf(key),
                    "not allowed for " + kind.name() + " (only for " + String.join(", ", takers) + ")");
        }
        return allowed;
    }

    private List<Double> budget(SpecObject entry) {
        String path = entry.pathOf("budget");
        List<JsonNode> elements = SpecValues.elements(entry.value("budget"), path, problems);
        if (elements == null) {
            return List.of();
        }
        if (elements.isEmpty()) {
            problems.add(path, "must not be empty");
        }
        List<Double> budget = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            Double value = SpecValues.number(elements.get(index), SpecValues.at(path, index), Range.FRACTION, problems);
            if (value != null && budget.contains(value)) {
                problems.add(
                        SpecValues.at(path, index),
                        "duplicate " + elements.get(index).asText() + " (also "
                                + SpecValues.at("budget", budget.indexOf(value)) + ")");
            }
            budget.add(value);
        }
        return budget.contains(null) ? List.of() : budget;
    }

    private RankSpec ranks(SpecObject entry, CompressionMethod kind) {
        Optional<SpecObject> ranks = entry.object("ranks");
        if (ranks.isEmpty()) {
            return null;
        }
        ranks.get().rejectUnknownKeys(RANK_KEYS);
        List<Integer> qk = ranks.get().require("qk") ? perLayer(ranks.get(), "qk", kind) : null;
        List<Integer> vo = ranks.get().require("vo") ? perLayer(ranks.get(), "vo", kind) : null;
        return qk == null || vo == null ? null : new RankSpec(qk, vo);
    }

    /** One rank for every block, or exactly one rank per block; each in [1, the method's bound]. */
    private List<Integer> perLayer(SpecObject ranks, String key, CompressionMethod kind) {
        String path = ranks.pathOf(key);
        JsonNode value = ranks.value(key);
        if (value.isValueNode()) {
            Integer rank = rank(value, path, kind);
            return rank == null || shape.isEmpty()
                    ? null
                    : Collections.nCopies(shape.get().depth(), rank);
        }
        if (!value.isArray()) {
            problems.add(path, "must be an integer or a list of integers, was " + SpecValues.describe(value));
            return null;
        }
        if (shape.isPresent() && value.size() != shape.get().depth()) {
            problems.add(
                    path,
                    "has " + value.size() + " entries but " + shape.get().name() + " has depth "
                            + shape.get().depth() + " (give one rank per block, or a single rank for all)");
        }
        List<Integer> perLayer = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            perLayer.add(rank(value.get(index), SpecValues.at(path, index), kind));
        }
        boolean valid = shape.isPresent() && value.size() == shape.get().depth() && !perLayer.contains(null);
        return valid ? perLayer : null;
    }

    private Integer rank(JsonNode value, String path, CompressionMethod kind) {
        Long rank = SpecValues.integer(value, path, IntRange.atLeast(1), problems);
        if (rank == null || shape.isEmpty()) {
            return null;
        }
        int limit = kind.options().rankBound().limit(shape.get());
        if (rank > limit) {
            problems.add(path, rank + " exceeds " + kind.options().rankBound().describe(shape.get()));
            return null;
        }
        return rank.intValue();
    }
}
