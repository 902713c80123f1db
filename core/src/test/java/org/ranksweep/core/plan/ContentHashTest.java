package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.TrialConfig;

class ContentHashTest {

    private static final String SPEC = """
            name: hash-test
            dataset: {name: fashion-mnist, trainLimit: 1000}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 128}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5, 0.25]}
            finetune: {lr: 5.0e-4}
            seeds: [0, 1]
            controls: {denseFt: false}
            """;

    private final SpecParser parser = new SpecParser();
    private final TrialPlanner planner = new TrialPlanner();

    @Test
    void hashesTextWithSha256() {
        // FIPS 180-2, appendix B.1.
        assertThat(ContentHash.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void givesIdenticalConfigurationsIdenticalHashes() {
        assertThat(hashes(SPEC)).isEqualTo(hashes(SPEC)).allMatch(hash -> hash.matches("[0-9a-f]{64}"));
    }

    @Test
    void ignoresTheSweepNameAndHowNumbersAreWritten() {
        String renamed = SPEC.replace("name: hash-test", "name: another-sweep")
                .replace("[0.5, 0.25]", "[0.50, 2.5e-1]")
                .replace("lr: 5.0e-4", "lr: 0.0005");

        assertThat(hashes(renamed)).isEqualTo(hashes(SPEC));
    }

    @Test
    void changesWithEveryPartOfTheConfiguration() {
        List<String> original = hashes(SPEC);
        // Trial 2 is comcat at budget 0.5 with seed 0.
        List<String> variants = List.of(
                SPEC.replace("seeds: [0, 1]", "seeds: [5, 1]"),
                SPEC.replace("[0.5, 0.25]", "[0.4, 0.25]"),
                SPEC.replace("lr: 5.0e-4", "lr: 4.0e-4"),
                SPEC.replace("trainLimit: 1000", "trainLimit: 1001"),
                SPEC.replace("{name: comcat,", "{name: comcat, factorizeMlp: true,"),
                SPEC.replace("seeds: [0, 1]", "seeds: [0, 1]\nresources: {device: gpu, gpus: 1}"));

        for (String variant : variants) {
            assertThat(hashes(variant).get(2)).as(variant).isNotEqualTo(original.get(2));
        }
    }

    @Test
    void givesEveryTrialOfAPlanItsOwnHash() {
        assertThat(hashes(SPEC)).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void hashesJsonWithKeysSortedAtEveryLevel() throws Exception {
        TrialConfig config =
                planner.plan(parser.parse(SPEC, "hash.yaml")).get(2).config();
        String canonical = Json.write(config);

        assertThat(ContentHash.of(config)).isEqualTo(ContentHash.sha256Hex(canonical));
        assertThat(canonical).doesNotContain("hash-test");
        assertSortedKeys(Json.mapper().readTree(canonical));
    }

    private static void assertSortedKeys(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).isSorted();
        }
        node.elements().forEachRemaining(ContentHashTest::assertSortedKeys);
    }

    private List<String> hashes(String text) {
        return planner.plan(parser.parse(text, "hash.yaml")).stream()
                .map(PlannedTrial::contentHash)
                .toList();
    }
}
