package org.ranksweep.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ranksweep.core.spec.SpecValues.IntRange;
import org.ranksweep.core.spec.SpecValues.Range;

/**
 * One mapping of the spec tree with its path (e.g. {@code finetune.distill}). Reads its keys, applying defaults for
 * absent (or null) keys and reporting every problem instead of throwing. Not thread-safe (shares a
 * {@link Problems}).
 */
final class SpecObject {

    private final JsonNode node;
    private final String path;
    private final Problems problems;

    private SpecObject(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Wraps a value expected to be a mapping; reports a problem and returns empty when it is not. */
    static Optional<SpecObject> of(JsonNode value, String path, Problems problems) {
        if (!value.isObject()) {
            problems.add(path, "must be a mapping, was " + SpecValues.describe(value));
            return Optional.empty();
        }
        return Optional.of(new SpecObject(value, path, problems));
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    void rejectUnknownKeys(List<String> knownKeys) {
        rejectUnknownKeys(knownKeys, Set.of());
    }

    /** As {@link #rejectUnknownKeys(List)}, also accepting {@code oldNames} without suggesting them. */
    void rejectUnknownKeys(List<String> knownKeys, Set<String> oldNames) {
        node.fieldNames().forEachRemaining(key -> {
            if (!knownKeys.contains(key) && !oldNames.contains(key)) {
                problems.add(
                        pathOf(key),
                        Suggestions.closest(key, knownKeys)
                                .map(suggestion -> "unknown key; did you mean '" + suggestion + "'?")
                                .orElse("unknown key (known keys: " + String.join(", ", knownKeys) + ")"));
            }
        });
    }

    /** Whether the key is present with a non-null value. */
    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    JsonNode value(String key) {
        return has(key) ? node.get(key) : null;
    }

    /** Reports {@code <path>.<key>: required} when the key is absent. */
    boolean require(String key) {
        if (!has(key)) {
            problems.add(pathOf(key), "required");
            return false;
        }
        return true;
    }

    Optional<SpecObject> object(String key) {
        return has(key) ? of(node.get(key), pathOf(key), problems) : Optional.empty();
    }

    Optional<SpecObject> requiredObject(String key) {
        return require(key) ? object(key) : Optional.empty();
    }

    /** The mapping under the key, or an empty one (so every default applies) when the key is absent. */
    SpecObject objectOrEmpty(String key) {
        return object(key)
                .orElseGet(() -> new SpecObject(JsonNodeFactory.instance.objectNode(), pathOf(key), problems));
    }

    String text(String key) {
        return has(key) ? SpecValues.text(node.get(key), pathOf(key), problems) : null;
    }

    String requiredText(String key) {
        return require(key) ? text(key) : null;
    }

    /** One of the allowed names, with a did-you-mean on a typo; {@code fallback} when absent (null: required). */
    String choice(String key, String what, List<String> allowed, String fallback) {
        if (!has(key)) {
            return fallback != null ? fallback : requiredText(key);
        }
        String value = text(key);
        if (value != null && !allowed.contains(value)) {
            problems.add(pathOf(key), Suggestions.unknown(what, value, allowed));
            return null;
        }
        return value;
    }

    /** The integer under the key; null when absent or invalid. */
    Integer integer(String key, IntRange range) {
        Long value = has(key) ? SpecValues.integer(node.get(key), pathOf(key), range, problems) : null;
        return value == null ? null : Math.toIntExact(value);
    }

    /** The integer under the key, {@code fallback} when absent; null when invalid. */
    Integer integer(String key, IntRange range, int fallback) {
        return has(key) ? integer(key, range) : Integer.valueOf(fallback);
    }

    Integer requiredInteger(String key, IntRange range) {
        return require(key) ? integer(key, range) : null;
    }

    /** The number under the key, {@code fallback} when absent; null when invalid. */
    Double number(String key, Range range, double fallback) {
        return has(key) ? SpecValues.number(node.get(key), pathOf(key), range, problems) : Double.valueOf(fallback);
    }

    Double requiredNumber(String key, Range range) {
        return require(key) ? SpecValues.number(node.get(key), pathOf(key), range, problems) : null;
    }

    /** The boolean under the key, {@code fallback} when absent; null when invalid. */
    Boolean flag(String key, boolean fallback) {
        return has(key) ? SpecValues.flag(node.get(key), pathOf(key), problems) : Boolean.valueOf(fallback);
    }
}
