package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;

/**
 * Keeps the JSON Schema of sweep specs ({@code sweep.schema.json}, for editors and API clients) in step with
 * {@link SpecParser}, the authority: the shipped and documented specs pass both, the schema declares exactly the
 * keys the parser knows, and thousands of one-change mutants of valid specs get the same verdict from both, except
 * for the rules a schema cannot state, which the parser alone enforces ({@link #PARSER_ONLY}). Null values are not
 * mutated in: the parser reads them as absent, the schema refuses them.
 */
class SweepSchemaTest {

    static final String SCHEMA = SpecParser.SCHEMA;
    static final String EDITOR_LINE =
            "# yaml-language-server: $schema=../core/src/main/resources/org/ranksweep/core/spec/sweep.schema.json";

    /**
     * Problems only the parser can find: bounds that depend on the architecture, comparisons between two keys,
     * unique labels, the number of configurations a random sampler may draw, and whether a budget admits per-layer
     * rank candidates and holds {@code samples} distinct vectors; for customization sweeps, a generator's width
     * against its heads, concepts against its seen classes, and a method listed in two entries.
     */
    static final List<Pattern> PARSER_ONLY = List.of(
            Pattern.compile(": \\d+ exceeds "), // ranks, candidates, sampler.n, samples
            Pattern.compile("budget: too small for the candidates"),
            Pattern.compile(": has \\d+ entries but .* has depth"),
            Pattern.compile(": must be < the depth"),
            Pattern.compile("warmupEpochs: must be less than epochs"),
            Pattern.compile("minLr: must be <= lr"),
            Pattern.compile("temperature\\.end: must be <= start"),
            Pattern.compile("\\.label: duplicate '"),
            Pattern.compile("scheduler\\.max: (must (equal finetune\\.epochs|be min·eta)|required \\(or finetune)"),
            Pattern.compile("trains nothing, so successive halving"),
            Pattern.compile("is measured only when a trial has finished"),
            Pattern.compile("duplicate objective"),
            Pattern.compile("generator\\.width: must be a multiple of"),
            Pattern.compile("is a class the generator is trained on"),
            Pattern.compile("is listed twice; list its ranks in one entry"));

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyShippedAndDocumentedSpecIsValidUnderTheSchemaAndAcceptedByTheParser() throws IOException {
        Map<String, String> specs = validSpecs();
        assertThat(specs).hasSizeGreaterThan(5);
        Schema schema = schema();
        specs.forEach((source, text) -> {
            assertThat(errors(schema, read(text)))
                    .as("schema errors of " + source)
                    .isEmpty();
            assertThat(new SpecParser().read(text, source).spec())
                    .as("parsed " + source)
                    .isNotNull();
        });
    }

    @Test
    void everyExperimentOpensWithTheLineThatPointsEditorsAtTheSchema() throws IOException {
        Path experiments = SpecReferenceTest.repositoryFile("experiments");
        for (Path file : experimentFiles()) {
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).get(0))
                    .as("first line of " + file)
                    .isEqualTo(EDITOR_LINE);
        }
        Path target = experiments.resolve(EDITOR_LINE.substring(EDITOR_LINE.indexOf('=') + 1));
        assertThat(target)
                .as("the schema the line names, seen from experiments/")
                .isRegularFile();
        assertThat(Files.readString(target)).isEqualTo(new String(schemaBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theSchemaDeclaresExactlyTheKeysTheParserKnowsAtEveryLevel() throws IOException {
        JsonNode schema = JSON.readTree(schemaBytes());
        Map<String, Set<String>> declared = new TreeMap<>();
        collectKeys(schema, schema, "", declared);

        Map<String, Set<String>> known = new TreeMap<>();
        SpecReferenceTest.knownKeys().forEach((path, keys) -> known.put(path, new TreeSet<>(keys)));
        known.get("").addAll(SpecReader.DEPRECATED_KEYS.keySet());
        SpecReader.DEPRECATED_KEYS.forEach((old, current) -> known.put(old, known.get(current)));
        assertThat(declared).isEqualTo(known);
    }

    @Test
    void theDeprecatedNameOfTheSamplerIsDeclaredDeprecatedWithTheSamplersKeys() throws IOException {
        JsonNode schema = JSON.readTree(schemaBytes());
        SpecReader.DEPRECATED_KEYS.forEach((old, current) -> {
            JsonNode property = schema.get("properties").get(old);
            assertThat(property.get("deprecated").asBoolean())
                    .as(old + " deprecated")
                    .isTrue();
            assertThat(property.get("$ref"))
                    .isEqualTo(schema.get("properties").get(current).get("$ref"));
        });
    }

    @Test
    void mutantsOfValidSpecsGetTheSameVerdictFromTheSchemaAndTheParser() {
        Schema schema = schema();
        int rejectedByBoth = 0;
        int acceptedByBoth = 0;
        Map<String, Integer> parserOnly = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, String> valid : validSpecs().entrySet()) {
            JsonNode spec = read(valid.getValue());
            for (Map.Entry<String, JsonNode> mutant : SpecMutations.of(spec).entrySet()) {
                String where = valid.getKey() + " " + mutant.getKey();
                List<String> problems = parserProblems(mutant.getValue());
                List<Error> errors = errors(schema, mutant.getValue());
                if (problems.isEmpty() && errors.isEmpty()) {
                    acceptedByBoth++;
                } else if (!problems.isEmpty() && !errors.isEmpty()) {
                    rejectedByBoth++;
                } else if (errors.isEmpty() && problems.stream().allMatch(SweepSchemaTest::parserOnly)) {
                    problems.forEach(problem -> parserOnly.merge(rule(problem), 1, Integer::sum));
                } else {
                    disagreements.add(where + ": parser " + problems + ", schema " + errors);
                }
            }
        }

        System.out.printf(
                "schema vs parser: %d mutants rejected by both, %d accepted by both, parser-only problems by rule %s,"
                        + " %d disagreements%n",
                rejectedByBoth, acceptedByBoth, parserOnly, disagreements.size());
        assertThat(disagreements)
                .as("mutants the schema and the parser judge differently")
                .isEmpty();
        assertThat(rejectedByBoth).as("mutants both reject").isGreaterThan(1000);
        assertThat(acceptedByBoth).as("mutants both accept").isGreaterThan(100);
        assertThat(parserOnly.keySet())
                .as("parser-only rules the mutants reached")
                .hasSizeGreaterThanOrEqualTo(PARSER_ONLY.size() - 1);
    }

    private static boolean parserOnly(String problem) {
        return PARSER_ONLY.stream().anyMatch(rule -> rule.matcher(problem).find());
    }

    private static String rule(String problem) {
        return PARSER_ONLY.stream()
                .filter(rule -> rule.matcher(problem).find())
                .findFirst()
                .orElseThrow()
                .pattern();
    }

    /** The parser's problems with the spec as {@code path: message}; empty when it accepts it. */
    private static List<String> parserProblems(JsonNode spec) {
        try {
            new SpecParser().parse(spec.toString(), "mutant");
            return List.of();
        } catch (ValidationException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
    }

    /**
     * Adds, per key path of a mapping ({@code ""}, {@code methods[]}, {@code model.base}), the property names the
     * schema declares there, following {@code $ref}s, list items and the alternatives of a one-or-list value.
     */
    private static void collectKeys(JsonNode root, JsonNode node, String path, Map<String, Set<String>> keys) {
        if (node.has("$ref")) {
            collectKeys(root, root.at(node.get("$ref").asText().substring(1)), path, keys);
        }
        if (node.has("properties")) {
            Set<String> names = keys.computeIfAbsent(path, p -> new TreeSet<>());
            node.get("properties").properties().forEach(property -> {
                names.add(property.getKey());
                String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
                collectKeys(root, property.getValue(), child, keys);
            });
        }
        if (node.has("items")) {
            collectKeys(root, node.get("items"), path + "[]", keys);
        }
        if (node.has("oneOf")) {
            node.get("oneOf").forEach(alternative -> collectKeys(root, alternative, path, keys));
        }
    }

    /** The specs in experiments/ and the yaml blocks of docs/specs.md, by source. */
    static Map<String, String> validSpecs() {
        Map<String, String> specs = new LinkedHashMap<>();
        try {
            for (Path file : experimentFiles()) {
                specs.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
            List<String> blocks =
                    SpecReferenceTest.yamlBlocks(Files.readString(SpecReferenceTest.page(), StandardCharsets.UTF_8));
            for (int index = 0; index < blocks.size(); index++) {
                specs.put(SpecReferenceTest.PAGE + " block " + (index + 1), blocks.get(index));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return specs;
    }

    private static List<Path> experimentFiles() throws IOException {
        try (Stream<Path> files = Files.list(SpecReferenceTest.repositoryFile("experiments"))) {
            return files.filter(file -> file.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    static Schema schema() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(new String(schemaBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
    }

    static List<Error> errors(Schema schema, JsonNode spec) {
        return schema.validate(spec.toString(), InputFormat.JSON);
    }

    private static JsonNode read(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] schemaBytes() {
        try (InputStream in = SweepSchemaTest.class.getResourceAsStream(SCHEMA)) {
            assertThat(in).as(SCHEMA + " on the class path").isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
