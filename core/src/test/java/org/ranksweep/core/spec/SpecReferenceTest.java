package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;

/**
 * Keeps {@code docs/specs.md}, the one spec reference, from drifting away from the parser: every {@code yaml} block
 * of the page is a valid spec, and the blocks together use exactly the keys the parser knows, no more and no less.
 */
class SpecReferenceTest {

    static final String PAGE = "docs/specs.md";
    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * The keys the parser accepts, by the key path of the mapping that holds them: {@code ""} is the top level and
     * {@code []} stands for any element of a list, so {@code methods[]} holds the keys of each method entry.
     */
    static Map<String, List<String>> knownKeys() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("", SpecReader.KEYS);
        keys.put("dataset", SpecReader.DATASET_KEYS);
        keys.put("model", SpecReader.MODEL_KEYS);
        keys.put("model.base", SpecReader.BASE_KEYS);
        keys.put("model.base.train", SpecReader.TRAIN_KEYS);
        keys.put("methods[]", MethodReader.KEYS);
        keys.put("methods[].ranks", MethodReader.RANK_KEYS);
        keys.put("methods[].ranks.qk", RankSpaceReader.CANDIDATE_KEYS);
        keys.put("methods[].ranks.vo", RankSpaceReader.CANDIDATE_KEYS);
        keys.put("methods[].candidates", RankSearchReader.CANDIDATE_KEYS);
        keys.put("methods[].temperature", RankSearchReader.TEMPERATURE_KEYS);
        keys.put("finetune", FinetuneReader.KEYS);
        keys.put("finetune.distill", FinetuneReader.DISTILL_KEYS);
        keys.put("finetune.featureAlign", FinetuneReader.FEATURE_ALIGN_KEYS);
        keys.put("sampler", SpecReader.SAMPLER_KEYS);
        keys.put("resources", SpecReader.RESOURCE_KEYS);
        keys.put("controls", SpecReader.CONTROL_KEYS);
        keys.put("scheduler", ObjectivesReader.SCHEDULER_KEYS);
        keys.put("objectives[]", ObjectivesReader.OBJECTIVE_KEYS);
        keys.put("customization", CustomizationReader.KEYS);
        keys.put("customization.generator", CustomizationReader.GENERATOR_KEYS);
        keys.put("customization.methods[]", CustomizationReader.METHOD_KEYS);
        keys.put("customization.sampling", CustomizationReader.SAMPLING_KEYS);
        return keys;
    }

    @Test
    void everyYamlBlockOfTheReferenceIsAValidSpec() throws IOException {
        List<String> blocks = yamlBlocks(Files.readString(page(), StandardCharsets.UTF_8));
        List<String> rejected = new ArrayList<>();
        for (int index = 0; index < blocks.size(); index++) {
            String source = PAGE + " block " + (index + 1);
            try {
                new SpecParser().parse(blocks.get(index), source);
            } catch (ValidationException e) {
                rejected.add(source + ":\n" + e.getMessage());
            }
        }

        assertThat(blocks).as("yaml blocks of " + PAGE).isNotEmpty();
        assertThat(rejected)
                .as("yaml blocks of " + PAGE + " the parser rejects, with its problems")
                .isEmpty();
    }

    @Test
    void theReferenceShowsExactlyTheKeysTheParserKnows() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String block : yamlBlocks(Files.readString(page(), StandardCharsets.UTF_8))) {
            collectKeyPaths(YAML.readTree(block), "", documented);
        }
        Set<String> known = new TreeSet<>();
        knownKeys().forEach((parent, keys) -> keys.forEach(key -> known.add(child(parent, key))));

        Set<String> missing = new TreeSet<>(known);
        missing.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(known);
        assertThat(missing)
                .as("keys the parser knows that no yaml block of " + PAGE + " shows")
                .isEmpty();
        assertThat(unknown)
                .as("keys in the yaml blocks of " + PAGE + " that the parser does not know")
                .isEmpty();
    }

    @Test
    void theRankSearchKeysAreKeysOfAMethodEntry() {
        assertThat(MethodReader.KEYS).as("methods[] keys").containsAll(RankSearchReader.KEYS);
    }

    /** The contents of every fenced block opened with {@code ```yaml}, in page order; other blocks are skipped. */
    static List<String> yamlBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        boolean yaml = false;
        for (String line : markdown.lines().toList()) {
            if (block == null) {
                if (line.startsWith("```")) {
                    yaml = line.substring(3).trim().equals("yaml");
                    block = new StringBuilder();
                }
            } else if (line.trim().equals("```")) {
                if (yaml) {
                    blocks.add(block.toString());
                }
                block = null;
            } else {
                block.append(line).append('\n');
            }
        }
        if (block != null) {
            throw new IllegalStateException(PAGE + " ends inside a fenced block");
        }
        return blocks;
    }

    /** Adds the path of every mapping key under {@code node}, e.g. {@code methods[].candidates.fc1}. */
    private static void collectKeyPaths(JsonNode node, String path, Set<String> paths) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String keyPath = child(path, field.getKey());
                paths.add(keyPath);
                collectKeyPaths(field.getValue(), keyPath, paths);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectKeyPaths(element, path + "[]", paths);
            }
        }
    }

    private static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /**
     * The page, found from the working directory upwards: tests run in the module directory ({@code core/}), the
     * page lives at the repository root.
     */
    static Path page() {
        return repositoryFile(PAGE);
    }

    /** A file of the repository, found from the working directory upwards. */
    static Path repositoryFile(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found in " + start + " or any directory above it");
    }
}
