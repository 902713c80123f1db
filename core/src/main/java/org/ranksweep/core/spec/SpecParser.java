package org.ranksweep.core.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses a sweep spec from YAML or JSON into a validated {@link SweepSpec} with every default applied. A text that
 * opens with a brace and a quoted key (<code>{"</code>, blanks allowed) is read as strict JSON, anything else as
 * YAML (so a YAML flow mapping like <code>{name: x, ...}</code> still reads as YAML). Invalid input raises one
 * {@link ValidationException} listing every problem found, each with its path ({@code methods[1].ranks.qk[0]});
 * malformed text raises one problem naming the line and column. Thread-safe.
 *
 * <p>Limits that hold for files and requests alike: at most {@link #MAX_SPEC_CHARS} characters, nesting at most
 * {@link #MAX_NESTING_DEPTH} deep, no YAML aliases (refused at the first one, before anything is expanded, so an
 * alias bomb costs nothing), strings of at most {@value SpecValues#MAX_TEXT_CHARS} characters and a stated upper
 * bound on every number.
 *
 * <p>Every key, default and rule of a spec is described in {@code docs/specs.md}, which {@code SpecReferenceTest}
 * keeps in step with this parser.
 */
public final class SpecParser {

    /**
     * The class-path resource of the spec's JSON Schema (draft 2020-12), for editors and API clients. It states
     * what a schema can of these rules; {@code SweepSchemaTest} keeps it in step with this parser.
     */
    public static final String SCHEMA = "/org/ranksweep/core/spec/sweep.schema.json";

    /** The longest spec text read, in characters (the HTTP API's body limit is 1 MiB too). */
    public static final int MAX_SPEC_CHARS = 1 << 20;
    /** How deep mappings and lists may nest; real specs stay under 6. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_SPEC_CHARS)
            .maxNumberLength(64)
            .build();
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .streamReadConstraints(CONSTRAINTS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());
    private static final ObjectMapper JSON = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** JSON objects open with a quoted key; YAML flow mappings (also opening with a brace) need no quotes. */
    private static final Pattern JSON_START = Pattern.compile("\\s*\\{\\s*[\"}]");

    /**
     * Parses spec text.
     *
     * @param sourceName where the text came from (a file name, {@code request body}), used in messages
     * @throws ValidationException listing every problem when the spec is malformed or invalid
     */
    public SweepSpec parse(String text, String sourceName) {
        return read(text, sourceName).spec();
    }

    /**
     * Parses spec text and keeps the warnings (deprecated keys) that did not stop it.
     *
     * @throws ValidationException listing every problem when the spec is malformed or invalid
     */
    public ParsedSpec read(String text, String sourceName) {
        if (text.length() > MAX_SPEC_CHARS) {
            throw problem(
                    sourceName + " holds " + text.length() + " characters; a spec may hold at most " + MAX_SPEC_CHARS);
        }
        JsonNode root = readTree(text, sourceName);
        if (!root.isObject()) {
            throw problem(sourceName + ": must be a mapping of " + String.join(", ", SpecReader.KEYS) + "; was "
                    + SpecValues.describe(root));
        }
        Problems problems = new Problems();
        SpecObject top = SpecObject.of(root, "", problems).orElseThrow();
        SweepSpec spec = new SpecReader(problems).read(top);
        problems.throwIfAny();
        return new ParsedSpec(spec, problems.warnings());
    }

    /** A valid spec and the warnings about how it was written (each naming its key). */
    public record ParsedSpec(SweepSpec spec, List<Problem> warnings) {}

    /**
     * Reads and parses a UTF-8 spec file.
     *
     * @throws NotFoundException when the file does not exist
     * @throws ValidationException listing every problem when the spec is malformed or invalid
     */
    public SweepSpec parse(Path file) {
        return read(file).spec();
    }

    /** As {@link #parse(Path)}, keeping the warnings. */
    public ParsedSpec read(Path file) {
        try {
            return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new NotFoundException("spec file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw problem(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new RankSweepException("cannot read spec file " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(String text, String sourceName) {
        boolean json = JSON_START.matcher(text).lookingAt();
        try {
            return readDocument(json ? JSON : YAML, text, sourceName);
        } catch (JsonProcessingException e) {
            throw problem(sourceName + ": malformed " + (json ? "JSON" : "YAML") + " " + describe(e));
        }
    }

    private static JsonNode readDocument(ObjectMapper mapper, String text, String sourceName)
            throws JsonProcessingException {
        try (JsonParser parser = NoAliases.wrap(mapper.createParser(text))) {
            JsonNode root = mapper.readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw problem(sourceName + " is empty");
            }
            if (parser.nextToken() != null) {
                throw problem(sourceName + " holds more than one document; give one sweep per file");
            }
            return root;
        } catch (NoAliases.AliasFound e) {
            throw problem(sourceName + ": YAML aliases are not accepted (" + e.getMessage() + "); write the value out"
                    + " where it is needed");
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code at line 3, column 7: mapping values are not allowed here}. */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null || yaml.getContextMark() == null
                    ? ""
                    : " (" + yaml.getContext() + " started at " + position(yaml.getContextMark()) + ")";
            return "at " + position(yaml.getProblemMark()) + ": " + yaml.getProblem() + context;
        }
        String message = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
        return e.getLocation() == null
                ? message
                : "at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ": " + message;
    }

    private static String position(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static ValidationException problem(String message) {
        return ValidationException.of("", message);
    }
}
