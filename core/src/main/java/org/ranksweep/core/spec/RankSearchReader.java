package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.SpecValues.IntRange;
import org.ranksweep.core.spec.SpecValues.Range;

/**
 * Reads and checks the rank-search options of a comcat-auto entry ({@code rho}, {@code candidates},
 * {@code searchMlp}, {@code searchEpochs}, {@code beta}, {@code temperature}, {@code searchBatch},
 * {@code searchSteps}, {@code selection}), applying the defaults of
 * {@link RankSearchSpec} and {@link RankCandidates#defaults(VitShape)}. Not thread-safe (one per parse).
 */
final class RankSearchReader {

    /** The keys only a rank-searching method takes. */
    static final List<String> KEYS = List.of(
            "rho",
            "candidates",
            "searchMlp",
            "searchEpochs",
            "beta",
            "temperature",
            "searchBatch",
            "searchSteps",
            "selection");

    static final List<String> CANDIDATE_KEYS = List.of("qk", "vo", "fc1", "fc2", "head");
    static final List<String> TEMPERATURE_KEYS = List.of("start", "end");
    static final Range RHO = new Range(0, false, 1, true);
    static final IntRange EPOCH_RANGE = new IntRange(1, 1000);
    static final IntRange BATCH_RANGE = new IntRange(1, 65536);
    static final IntRange STEP_RANGE = new IntRange(1, 1_000_000);

    private final Problems problems;
    private final Optional<VitShape> shape;

    RankSearchReader(Problems problems, Optional<VitShape> shape) {
        this.problems = problems;
        this.shape = shape;
    }

    /** The trials' budgets 1 − ρ, in spec order; empty when {@code rho} is missing or invalid (reported). */
    List<Double> budgets(SpecObject entry) {
        if (!entry.require("rho")) {
            return List.of();
        }
        String path = entry.pathOf("rho");
        List<JsonNode> elements = SpecValues.elements(entry.value("rho"), path, problems);
        if (elements == null) {
            return List.of();
        }
        if (elements.isEmpty()) {
            problems.add(path, "must not be empty");
        }
        List<Double> rhos = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            Double rho = SpecValues.number(elements.get(index), SpecValues.at(path, index), RHO, problems);
            if (rho != null && rhos.contains(rho)) {
                problems.add(
                        SpecValues.at(path, index),
                        "duplicate " + elements.get(index).asText() + " (also "
                                + SpecValues.at("rho", rhos.indexOf(rho)) + ")");
            }
            rhos.add(rho);
        }
        return rhos.contains(null)
                ? List.of()
                : rhos.stream().map(RankSearchReader::budget).toList();
    }

    /** 1 − ρ, rounded to 12 decimals so that e.g. ρ = 0.9 gives the budget 0.1, not 0.09999999999999998. */
    static double budget(double rho) {
        return Math.round((1 - rho) * 1e12) / 1e12;
    }

    /** The search options; null when any is invalid (reported) or the architecture is unknown. */
    RankSearchSpec read(SpecObject entry) {
        int before = problems.count();
        Boolean searchMlp = entry.flag("searchMlp", false);
        RankCandidates candidates = candidates(entry, Boolean.TRUE.equals(searchMlp));
        Integer epochs = entry.integer("searchEpochs", EPOCH_RANGE, RankSearchSpec.SEARCH_EPOCHS);
        Double beta = entry.number("beta", Range.LOSS_WEIGHT, RankSearchSpec.BETA);
        SpecObject temperature = entry.objectOrEmpty("temperature");
        temperature.rejectUnknownKeys(TEMPERATURE_KEYS);
        Double start = temperature.number("start", Range.TEMPERATURE, RankSearchSpec.TEMPERATURE_START);
        Double end = temperature.number("end", Range.TEMPERATURE, RankSearchSpec.TEMPERATURE_END);
        if (start != null && end != null && end > start) {
            problems.add(
                    temperature.pathOf("end"),
                    "must be <= start (" + start + "): the temperature is annealed" + " downwards, was " + end);
        }
        Integer batch = entry.integer("searchBatch", BATCH_RANGE, RankSearchSpec.SEARCH_BATCH);
        Integer steps = entry.integer("searchSteps", STEP_RANGE, RankSearchSpec.SEARCH_STEPS);
        String selection = entry.choice("selection", "selection", RankSearchSpec.SELECTIONS, RankSearchSpec.ARGMAX);
        if (problems.count() > before || candidates == null) {
            return null;
        }
        return new RankSearchSpec(candidates, searchMlp, epochs, beta, start, end, batch, steps, selection);
    }

    private RankCandidates candidates(SpecObject entry, boolean searchMlp) {
        if (shape.isEmpty()) {
            return null;
        }
        VitShape vit = shape.get();
        RankCandidates defaults = RankCandidates.defaults(vit);
        Optional<SpecObject> given = entry.object("candidates");
        if (given.isEmpty()) {
            return defaults;
        }
        SpecObject candidates = given.get();
        candidates.rejectUnknownKeys(CANDIDATE_KEYS);
        for (String key : List.of("fc1", "fc2", "head")) {
            if (candidates.has(key) && !searchMlp) {
                problems.add(candidates.pathOf(key), "only searched with searchMlp: true");
            }
        }
        int mlpLimit = Math.min(vit.width(), vit.mlpHidden());
        List<Integer> qk = ranks(candidates, "qk", vit.headWidth(), "the head width", defaults.qk());
        List<Integer> vo = ranks(candidates, "vo", vit.headWidth(), "the head width", defaults.vo());
        List<Integer> fc1 = ranks(candidates, "fc1", mlpLimit, "min(width, MLP width)", defaults.fc1());
        List<Integer> fc2 = ranks(candidates, "fc2", mlpLimit, "min(width, MLP width)", defaults.fc2());
        List<Integer> head =
                ranks(candidates, "head", Math.min(vit.width(), vit.classes()), "min(width, classes)", defaults.head());
        if (qk == null || vo == null || fc1 == null || fc2 == null || head == null) {
            return null;
        }
        return new RankCandidates(qk, vo, fc1, fc2, head);
    }

    /** A non-empty list of distinct ranks in [1, limit]; the default when absent; null when invalid. */
    private List<Integer> ranks(
            SpecObject candidates, String key, int limit, String limitName, List<Integer> fallback) {
        if (!candidates.has(key)) {
            return fallback;
        }
        String path = candidates.pathOf(key);
        List<JsonNode> elements = SpecValues.elements(candidates.value(key), path, problems);
        if (elements == null) {
            return null;
        }
        if (elements.isEmpty()) {
            problems.add(path, "must list at least one rank");
        }
        List<Integer> ranks = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String elementPath = SpecValues.at(path, index);
            Long rank = SpecValues.integer(elements.get(index), elementPath, IntRange.atLeast(1), problems);
            if (rank != null && rank > limit) {
                problems.add(
                        elementPath,
                        rank + " exceeds " + limitName + " " + limit + " of "
                                + shape.get().name());
                rank = null;
            } else if (rank != null && ranks.contains(rank.intValue())) {
                problems.add(elementPath, "duplicate rank " + rank);
                rank = null;
            }
            ranks.add(rank == null ? null : rank.intValue());
        }
        return ranks.isEmpty() || ranks.contains(null) ? null : ranks;
    }
}
