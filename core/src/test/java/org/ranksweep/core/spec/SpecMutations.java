package org.ranksweep.core.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Mutants of a valid spec tree, each one change away from it: an unknown key added to every mapping, every key
 * removed and misspelt, every list emptied and given a duplicate of its first element, and every value replaced by
 * values of other types, out-of-range numbers and the names of the spec's vocabularies (methods, datasets, devices,
 * ...), and the two forms of method {@code ranks} (explicit ranks, per-layer candidates) swapped, mixed and bent.
 * Many mutants are invalid, some stay valid; the test compares verdicts. Not thread-safe.
 */
final class SpecMutations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Values put in place of every scalar: wrong types, edges of the ranges, numbers beyond them. */
    private static final List<JsonNode> SCALARS = List.of(
            NODES.textNode("text"),
            NODES.numberNode(7),
            NODES.numberNode(-1),
            NODES.numberNode(0),
            NODES.numberNode(0.5),
            NODES.numberNode(1),
            NODES.numberNode(1.5),
            NODES.numberNode(1001),
            NODES.numberNode(70_000),
            NODES.numberNode(3_000_000_000L),
            NODES.booleanNode(true),
            NODES.booleanNode(false),
            NODES.objectNode(),
            NODES.arrayNode());

    /** Names of the spec's vocabularies, swapped into every string: another method, dataset, device, .... */
    private static final List<String> WORDS = List.of(
            "dense",
            "dense-ft",
            "comcat",
            "comcat-auto",
            "svd-matrix",
            "head-prune",
            "comcatt",
            "imagefolder",
            "deit-small",
            "gpu",
            "random",
            "grid",
            "taylor",
            "budgeted",
            "light",
            "hyperband",
            "latencyMs",
            "min");

    private final Map<String, JsonNode> mutants = new LinkedHashMap<>();

    /** Every mutant of {@code spec}, keyed by a description of the change (e.g. {@code /dataset/heldOut = -1}). */
    static Map<String, JsonNode> of(JsonNode spec) {
        SpecMutations mutations = new SpecMutations();
        mutations.walk(spec, spec, JsonPointer.empty());
        mutations.renameSampler(spec);
        mutations.rankForms(spec);
        return mutations.mutants;
    }

    private void walk(JsonNode root, JsonNode node, JsonPointer at) {
        if (node.isObject()) {
            mutate(root, at, "+ unknownKey", object -> ((ObjectNode) object).put("unknownKey", 1));
            for (String key : iterable(node)) {
                JsonPointer child = at.appendProperty(key);
                mutate(root, at, "- " + key, object -> ((ObjectNode) object).remove(key));
                mutate(root, at, "rename " + key, object -> {
                    JsonNode value = ((ObjectNode) object).remove(key);
                    ((ObjectNode) object).set(key + "s", value);
                });
                replaceEach(root, child, List.of(NODES.textNode("text"), NODES.numberNode(7)));
                walk(root, node.get(key), child);
            }
        } else if (node.isArray()) {
            mutate(root, at, "= []", array -> ((ArrayNode) array).removeAll());
            if (!node.isEmpty()) {
                mutate(
                        root,
                        at,
                        "+ duplicate",
                        array -> ((ArrayNode) array).add(array.get(0).deepCopy()));
            }
            for (int index = 0; index < node.size(); index++) {
                walk(root, node.get(index), at.appendIndex(index));
            }
        } else {
            replaceEach(root, at, SCALARS);
            if (node.isTextual()) {
                replaceEach(
                        root,
                        at,
                        WORDS.stream()
                                .map(NODES::textNode)
                                .map(JsonNode.class::cast)
                                .toList());
            }
        }
    }

    /** The deprecated top-level name {@code search} instead of {@code sampler}, and both at once. */
    private void renameSampler(JsonNode spec) {
        if (!spec.has("sampler")) {
            return;
        }
        mutate(spec, JsonPointer.empty(), "rename sampler to search", top -> {
            ((ObjectNode) top).set("search", ((ObjectNode) top).remove("sampler"));
        });
        mutate(spec, JsonPointer.empty(), "+ search", top -> {
            ((ObjectNode) top).set("search", top.get("sampler").deepCopy());
        });
    }

    /**
     * Per method entry: explicit ranks turned into per-layer candidates (one key, both, both with a budget and
     * samples); per-layer candidates mixed with an explicit rank, narrowed to one candidate (fewer vectors than
     * samples), given per block, with two budgets, a budget below the smallest candidates, factorizeMlp and each
     * kind of warmStart; and samples or warmStart on an entry without candidates.
     */
    private void rankForms(JsonNode spec) {
        JsonNode methods = spec.path("methods");
        for (int index = 0; index < methods.size(); index++) {
            JsonPointer entry = JsonPointer.empty().appendProperty("methods").appendIndex(index);
            JsonNode ranks = methods.get(index).path("ranks");
            if (!ranks.isObject()) {
                mutate(spec, entry, "+ samples", object -> ((ObjectNode) object).put("samples", 2));
                mutate(spec, entry, "+ warmStart", object -> ((ObjectNode) object).put("warmStart", "spectrum"));
            } else if (ranks.path("qk").isObject()) {
                perLayerForms(spec, entry, ranks);
            } else {
                JsonPointer at = entry.appendProperty("ranks");
                mutate(spec, at, "qk as per-layer candidates", object -> ((ObjectNode) object).set("qk", candidates()));
                mutate(spec, at, "qk and vo as per-layer candidates", object -> {
                    ((ObjectNode) object).set("qk", candidates());
                    ((ObjectNode) object).set("vo", candidates());
                });
                mutate(spec, entry, "ranks as per-layer candidates with a budget and samples", object -> {
                    ((ObjectNode) object).set("ranks", NODES.objectNode().set("qk", candidates()));
                    ((ObjectNode) object.get("ranks")).set("vo", candidates());
                    ((ObjectNode) object).put("budget", 0.5).put("samples", 2);
                });
            }
        }
    }

    private void perLayerForms(JsonNode spec, JsonPointer entry, JsonNode ranks) {
        JsonPointer at = entry.appendProperty("ranks");
        mutate(spec, at, "vo = 6 (mixed forms)", object -> ((ObjectNode) object).put("vo", 6));
        JsonNode first = ranks.path("qk").path("per-layer").path(0);
        mutate(
                spec,
                at.appendProperty("qk"),
                "per-layer = one candidate",
                object -> ((ObjectNode) object)
                        .set("per-layer", NODES.arrayNode().add(first.isArray() ? first.get(0) : first)));
        mutate(spec, at.appendProperty("qk"), "per-layer = a list per block", object -> {
            ArrayNode perBlock = NODES.arrayNode();
            for (int block = 0; block < 4; block++) {
                perBlock.add(
                        first.isArray()
                                ? first.deepCopy()
                                : object.get("per-layer").deepCopy());
            }
            ((ObjectNode) object).set("per-layer", perBlock);
        });
        mutate(
                spec,
                entry,
                "budget = [0.5, 0.25]",
                object -> ((ObjectNode) object)
                        .set("budget", NODES.arrayNode().add(0.5).add(0.25)));
        mutate(spec, entry, "budget = 0.05", object -> ((ObjectNode) object).put("budget", 0.05));
        mutate(spec, entry, "+ factorizeMlp", object -> ((ObjectNode) object).put("factorizeMlp", true));
        mutate(spec, entry, "warmStart = spectrum", object -> ((ObjectNode) object).put("warmStart", "spectrum"));
        mutate(spec, entry, "warmStart = energy", object -> ((ObjectNode) object).put("warmStart", "energy"));
        mutate(spec, entry, "warmStart = true", object -> ((ObjectNode) object).put("warmStart", true));
    }

    private static JsonNode candidates() {
        return NODES.objectNode().set("per-layer", NODES.arrayNode().add(4).add(8));
    }

    private void replaceEach(JsonNode root, JsonPointer at, List<JsonNode> values) {
        JsonPointer parent = at.head();
        String last = at.last().getMatchingProperty();
        int index = at.last().getMatchingIndex();
        for (JsonNode value : values) {
            mutate(root, parent, "/" + last + " = " + value, container -> {
                if (container.isArray()) {
                    ((ArrayNode) container).set(index, value.deepCopy());
                } else {
                    ((ObjectNode) container).set(last, value.deepCopy());
                }
            });
        }
    }

    private void mutate(JsonNode root, JsonPointer at, String change, Consumer<JsonNode> edit) {
        JsonNode copy = root.deepCopy();
        edit.accept(copy.at(at));
        if (!copy.equals(root)) {
            mutants.putIfAbsent(at + " " + change, copy);
        }
    }

    private static List<String> iterable(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
