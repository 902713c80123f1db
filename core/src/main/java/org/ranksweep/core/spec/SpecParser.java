package org.ranksweep.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 * <p>The spec, with defaults and rules:
 * <pre>{@code
 * name: quickstart                  # required; [A-Za-z0-9._-]{1,64}
 * dataset:                          # required
 *   name: fashion-mnist             # required; fashion-mnist | synthetic | imagefolder
 *   path: /some/dir                 # optional directory override
 *   heldOut: 2000                   # default 5000; >= 0; sliced off the training split, never the test split
 *   trainLimit: 12000               # optional; > 0
 *   testLimit: 2000                 # optional; > 0
 *   augment: none                   # default none; none | light | deit
 * model:                            # required
 *   arch: vit-tiny-fmnist           # required; vit-tiny-fmnist | deit-tiny | deit-small | deit-base
 *   base:                           # required; exactly one of train / file
 *     train: {epochs: 5, lr: 1.0e-3, batch: 128, weightDecay: 0.05}
 *                                   # epochs 1..1000, lr > 0, batch 1..65536 required; weightDecay >= 0, default 0.05
 *     # file: path/to/params
 * methods:                          # required; a non-empty list; labels unique
 *   - {name: dense}                 # no budget, ranks, importance or factorizeMlp
 *   - {name: comcat, budget: [0.5, 0.25, 0.125]}
 *   - {name: comcat, label: comcat-manual, ranks: {qk: [8, 8, 4, 4], vo: 6}}
 *   - {name: svd-matrix, budget: [0.5, 0.25]}
 *   - {name: head-prune, budget: [0.5], importance: taylor}
 *   - name: comcat-auto             # rank search (COMCAT.md §4); rho instead of budget/ranks
 *     rho: [0.5]                    # required; each in [0, 1); a trial keeps 1 - rho of the searchable weights
 *     searchMlp: false              # default false: QK and VO only; true also searches fc1, fc2 and the head
 *     candidates: {qk: [4, 8, 12, 16, 20, 24], vo: [4, 8, 12, 16, 20, 24]}
 *                                   # default derived from the widths (RankCandidates.defaults); per-head ranks
 *                                   # for qk/vo in [1, d/h]; fc1/fc2/head (only with searchMlp) plain-SVD ranks
 *     searchEpochs: 3               # 1..1000
 *     beta: 1.5                     # >= 0
 *     temperature: {start: 5.0, end: 0.1}   # both > 0, end <= start; annealed geometrically
 * finetune:                         # optional; every key has a default
 *   epochs: 1                       # 0..1000; 0 evaluates without fine-tuning
 *   lr: 5.0e-4                      # > 0
 *   minLr: 1.0e-6                   # 0 <= minLr <= lr
 *   batch: 128                      # 1..65536
 *   weightDecay: 0.05               # >= 0
 *   distill: {enabled: true, weight: 0.5}      # weight in [0, 1]
 *   featureAlign: {weight: 0.0, blocks: []}    # weight >= 0; blocks distinct, in [0, depth); weight > 0 needs blocks
 * search: {algorithm: grid}         # default grid (takes no n or seed)
 * # search: {algorithm: random, n: 10, seed: 7}   # n >= 1 and at most the number of configurations; seed default 0
 * resources: {device: cpu, gpus: 0} # default cpu/0; gpu needs gpus >= 1, cpu needs gpus 0
 * # resources: {device: gpu, gpus: 1, oomRetryHalfBatch: true}  # out of memory: retry at half the fine-tune batch
 * seeds: [0]                        # default [0]; non-empty, distinct
 * maxAttempts: 3                    # default 3; 1..20
 * }</pre>
 *
 * <p>Methods: {@code name} is one of {@link MethodKind#names()} (dense, comcat, comcat-auto, svd-matrix,
 * head-prune); {@code label} defaults to the name and must be unique in the sweep. Every method but dense and
 * comcat-auto takes exactly one of {@code budget} (non-empty, distinct fractions of the dense attention
 * parameters, each in (0, 1]) or {@code ranks}. {@code ranks.qk} and {@code ranks.vo} (both required) are one integer for every block or a list
 * with exactly {@code depth} entries, each >= 1 and at most the head width d/h (comcat) or the width d
 * (svd-matrix); head-prune takes budgets only. {@code importance} (l1 | taylor, default l1) is only for
 * head-prune, {@code factorizeMlp} (default false) only for comcat. comcat-auto takes {@code rho} (non-empty,
 * distinct, each in [0, 1)) instead of budget or ranks, and is the only method taking the rank-search keys; its
 * budgets are 1 − ρ, and it needs {@code dataset.heldOut > 0}.
 *
 * <p>A single value may stand for a one-element list in {@code budget}, {@code seeds} and
 * {@code featureAlign.blocks}. A key with a null value counts as absent. Unknown keys are rejected with a
 * did-you-mean suggestion or the list of known keys.
 *
 * <p>Random search draws {@code n} of the sweep's configurations (each budget or explicit-ranks entry of each
 * method, dense counting as one), and every drawn configuration runs once per seed; asking for more
 * configurations than exist is a problem at {@code search.n}.
 */
public final class SpecParser {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** JSON objects open with a quoted key; YAML flow mappings (also opening with a brace) need no quotes. */
    private static final Pattern JSON_START = Pattern.compile("\\s*\\{\\s*[\"}]");

    /**
     * Parses spec text.
     *
     * @param sourceName where the text came from (a file name, {@code request body}), used in messages
     * @throws ValidationException listing every problem when the spec is malformed or invalid
     */
    public SweepSpec parse(String text, String sourceName) {
        JsonNode root = readTree(text, sourceName);
        if (!root.isObject()) {
            throw problem(sourceName + ": must be a mapping of " + String.join(", ", SpecReader.KEYS) + "; was "
                    + SpecValues.describe(root));
        }
        Problems problems = new Problems();
        SpecObject top = SpecObject.of(root, "", problems).orElseThrow();
        SweepSpec spec = new SpecReader(problems).read(top);
        problems.throwIfAny();
        return spec;
    }

    /**
     * Reads and parses a UTF-8 spec file.
     *
     * @throws NotFoundException when the file does not exist
     * @throws ValidationException listing every problem when the spec is malformed or invalid
     */
    public SweepSpec parse(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
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
        try (JsonParser parser = mapper.createParser(text)) {
            JsonNode root = mapper.readTree(parser);
            if (root == null || root.isMissingNode()) {
                throw problem(sourceName + " is empty");
            }
            if (parser.nextToken() != null) {
                throw problem(sourceName + " holds more than one document; give one sweep per file");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code at line 3, column 7: mapping values are not allowed here}. */
    private static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " started at " + position(yaml.getContextMark()) + ")";
            return "at " + position(yaml.getProblemMark()) + ": " + yaml.getProblem() + context;
        }
        String message = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
        return e.getLocation() == null ? message
                : "at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                + message;
    }

    private static String position(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static ValidationException problem(String message) {
        return new ValidationException(List.of(new Problem("", message)));
    }
}
