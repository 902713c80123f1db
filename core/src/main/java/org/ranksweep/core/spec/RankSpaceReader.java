package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.method.RankBound;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.rankspace.ConstrainedRankSampler;
import org.ranksweep.core.rankspace.RankSpace;
import org.ranksweep.core.spec.SpecValues.IntRange;

/**
 * Reads and checks a comcat entry's per-layer rank space: {@code ranks: {qk: {per-layer: [...]}, vo: {per-layer:
 * [...]}}} (one candidate list for every block, or a list of lists, one per block), the single {@code budget} the
 * drawn vectors stay within, {@code samples} and {@code seed}. Besides each value it checks that the budget admits
 * the smallest candidates and that the space holds {@code samples} distinct vectors within it, drawing them as the
 * planner will. Not thread-safe (one per parse).
 */
final class RankSpaceReader {

    /** The keys only an entry with per-layer candidates takes. */
    static final List<String> KEYS = List.of("samples", "seed", "warmStart");

    static final String PER_LAYER = "per-layer";
    static final List<String> CANDIDATE_KEYS = List.of(PER_LAYER);
    /** Each drawn vector is a configuration, run once per seed (and learning rate). */
    static final IntRange SAMPLES = new IntRange(1, 1000);

    private final Problems problems;
    private final Optional<VitShape> shape;

    RankSpaceReader(Problems problems, Optional<VitShape> shape) {
        this.problems = problems;
        this.shape = shape;
    }

    /**
     * Whether the entry's ranks give per-layer candidates (qk or vo is a mapping holding {@code per-layer}) rather
     * than explicit ranks; any other mapping is read, and refused, as explicit ranks.
     */
    static boolean isSpace(SpecObject entry) {
        JsonNode ranks = entry.value("ranks");
        return ranks != null
                && ranks.isObject()
                && (holdsCandidates(ranks.get("qk")) || holdsCandidates(ranks.get("vo")));
    }

    /** Reports {@code samples}, {@code seed} and {@code warmStart} on an entry without per-layer candidates. */
    static void rejectKeys(SpecObject entry, CompressionMethod kind) {
        String form = "ranks: {qk: {" + PER_LAYER + ": [...]}, vo: {" + PER_LAYER + ": [...]}}";
        String why = kind == Methods.COMCAT
                ? " without per-layer rank candidates (" + form + ")"
                : " (only for " + Methods.COMCAT.name() + " with per-layer rank candidates, " + form + ")";
        for (String key : KEYS) {
            if (entry.has(key)) {
                entry.problems().add(entry.pathOf(key), "not allowed for " + kind.name() + why);
            }
        }
    }

    /** The space, or null when any part of it is invalid (reported) or the architecture is unknown. */
    RankSpaceSpec read(SpecObject entry, CompressionMethod kind) {
        int before = problems.count();
        if (kind != Methods.COMCAT) {
            problems.add(
                    entry.pathOf("ranks"),
                    "per-layer rank candidates are only for " + Methods.COMCAT.name() + ", not " + kind.name()
                            + " (give explicit ranks or a budget)");
        }
        SpecObject ranks = entry.object("ranks").orElseThrow();
        ranks.rejectUnknownKeys(MethodReader.RANK_KEYS);
        List<List<Integer>> qk = ranks.require("qk") ? candidates(ranks, "qk") : null;
        List<List<Integer>> vo = ranks.require("vo") ? candidates(ranks, "vo") : null;
        Double budget = budget(entry);
        Integer samples = entry.requiredInteger("samples", SAMPLES);
        Long seed = entry.has("seed")
                ? SpecValues.integer(
                        entry.value("seed"),
                        entry.pathOf("seed"),
                        new IntRange(Long.MIN_VALUE, Long.MAX_VALUE),
                        problems)
                : Long.valueOf(0);
        String warmStart =
                entry.has("warmStart") ? entry.choice("warmStart", "warm start", SpecNames.WARM_STARTS, null) : null;
        boolean complete = qk != null && vo != null && budget != null && samples != null && seed != null;
        if (problems.count() > before || shape.isEmpty() || !complete) {
            return null;
        }
        RankSpaceSpec space = new RankSpaceSpec(qk, vo, budget, samples, seed, warmStart);
        return drawable(entry, space) ? space : null;
    }

    /** The budget admits the smallest ranks, and the space holds {@code samples} distinct vectors within it. */
    private boolean drawable(SpecObject entry, RankSpaceSpec spec) {
        RankSpace space = new RankSpace(shape.get(), spec.qk(), spec.vo());
        long cap = ConstrainedRankSampler.budgetParams(space, spec.budget());
        long smallest = ConstrainedRankSampler.smallestParams(space);
        if (smallest > cap) {
            problems.add(
                    entry.pathOf("budget"),
                    "too small for the candidates: their smallest ranks need " + smallest + " parameters, budget "
                            + spec.budget() + " allows " + cap + " (uniform comcat's at that budget)");
            return false;
        }
        int drawn = new ConstrainedRankSampler(space, cap)
                .distinct(spec.seed(), spec.samples())
                .size();
        if (drawn < spec.samples()) {
            problems.add(
                    entry.pathOf("samples"),
                    spec.samples() + " exceeds the " + drawn + " distinct rank vectors found within budget "
                            + spec.budget() + " (" + cap + " parameters)");
            return false;
        }
        return true;
    }

    /** Exactly one fraction in (0, 1]: another budget is another entry, with its own label. */
    private Double budget(SpecObject entry) {
        if (!entry.has("budget")) {
            return null; // reported with the entry's search space
        }
        String path = entry.pathOf("budget");
        List<JsonNode> elements = SpecValues.elements(entry.value("budget"), path, problems);
        if (elements == null) {
            return null;
        }
        if (elements.size() != 1) {
            problems.add(
                    path,
                    "per-layer rank candidates take exactly one budget, was " + elements.size()
                            + " (give another entry, with its own label, for another budget)");
            return null;
        }
        return SpecValues.number(elements.get(0), SpecValues.at(path, 0), SpecValues.Range.FRACTION, problems);
    }

    /** The candidates of every block, each list ascending; null when invalid (reported). */
    private List<List<Integer>> candidates(SpecObject ranks, String key) {
        String path = ranks.pathOf(key);
        JsonNode value = ranks.value(key);
        if (!value.isObject()) {
            problems.add(
                    path,
                    "must be per-layer candidates ({" + PER_LAYER + ": [...]}) like the other key: explicit ranks and"
                            + " per-layer candidates do not mix, was " + SpecValues.describe(value));
            return null;
        }
        SpecObject object = SpecObject.of(value, path, problems).orElseThrow();
        object.rejectUnknownKeys(CANDIDATE_KEYS);
        if (!object.require(PER_LAYER)) {
            return null;
        }
        String listPath = object.pathOf(PER_LAYER);
        JsonNode list = object.value(PER_LAYER);
        if (!list.isArray()) {
            problems.add(
                    listPath,
                    "must be a list of candidate ranks (for every block) or a list of such lists (one per block), was "
                            + SpecValues.describe(list));
            return null;
        }
        if (list.isEmpty()) {
            problems.add(listPath, "must not be empty");
            return null;
        }
        return list.get(0).isArray() ? perBlock(list, listPath) : everyBlock(list, listPath);
    }

    private List<List<Integer>> everyBlock(JsonNode list, String path) {
        List<Integer> candidates = ranks(list, path);
        return candidates == null || shape.isEmpty()
                ? null
                : Collections.nCopies(shape.get().depth(), candidates);
    }

    private List<List<Integer>> perBlock(JsonNode lists, String path) {
        if (shape.isPresent() && lists.size() != shape.get().depth()) {
            problems.add(
                    path,
                    "has " + lists.size() + " entries but " + shape.get().name() + " has depth "
                            + shape.get().depth() + " (give one candidate list per block, or a single list for all)");
        }
        List<List<Integer>> perBlock = new ArrayList<>();
        for (int block = 0; block < lists.size(); block++) {
            String at = SpecValues.at(path, block);
            JsonNode list = lists.get(block);
            if (!list.isArray()) {
                problems.add(
                        at,
                        "must be a list of candidate ranks like every entry of " + path + ", was "
                                + SpecValues.describe(list));
                perBlock.add(null);
            } else if (list.isEmpty()) {
                problems.add(at, "must not be empty");
                perBlock.add(null);
            } else {
                perBlock.add(ranks(list, at));
            }
        }
        boolean valid = shape.isPresent() && lists.size() == shape.get().depth() && !perBlock.contains(null);
        return valid ? perBlock : null;
    }

    /** Distinct ranks in [1, d_h], any order; returned ascending. Null when any is invalid (reported). */
    private List<Integer> ranks(JsonNode list, String path) {
        List<Integer> ranks = new ArrayList<>();
        boolean valid = true;
        for (int index = 0; index < list.size(); index++) {
            String at = SpecValues.at(path, index);
            Integer rank = rank(list.get(index), at);
            if (rank != null && ranks.contains(rank)) {
                problems.add(at, "duplicate " + rank + " (also " + SpecValues.at(path, ranks.indexOf(rank)) + ")");
                rank = null;
            }
            valid &= rank != null;
            ranks.add(rank);
        }
        if (!valid) {
            return null;
        }
        Collections.sort(ranks);
        return ranks;
    }

    private Integer rank(JsonNode value, String path) {
        if (value.isArray()) {
            problems.add(path, "must be a rank, was a list (a list of lists needs a list in every entry)");
            return null;
        }
        Long rank = SpecValues.integer(value, path, IntRange.atLeast(1), problems);
        if (rank == null || shape.isEmpty()) {
            return null;
        }
        if (rank > RankBound.HEAD_WIDTH.limit(shape.get())) {
            problems.add(path, rank + " exceeds " + RankBound.HEAD_WIDTH.describe(shape.get()));
            return null;
        }
        return rank.intValue();
    }

    private static boolean holdsCandidates(JsonNode value) {
        return value != null && value.isObject() && value.has(PER_LAYER);
    }
}
