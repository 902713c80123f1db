package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SpecParser.ParsedSpec;

class SpecValidationTest {

    private static final String KNOWN_TOP_KEYS =
            "name, dataset, model, methods, finetune, sampler, resources, seeds, maxAttempts, controls, scheduler,"
                    + " objectives, constraints, customization";

    @Test
    void rejectsAnUnknownTopLevelKeyListingTheKnownKeys() {
        assertThat(problems(SpecTexts.with("bogus_key", "1")))
                .containsExactly("bogus_key: unknown key (known keys: " + KNOWN_TOP_KEYS + ")");
    }

    @Test
    void suggestsTheClosestKeyForATypo() {
        assertThat(problems(SpecTexts.with("finetune", "{epoch: 2}")))
                .containsExactly("finetune.epoch: unknown key; did you mean 'epochs'?");
        assertThat(problems(SpecTexts.with("dataset", "{name: synthetic, held_out: 10}")))
                .containsExactly("dataset.held_out: unknown key; did you mean 'heldOut'?");
    }

    @Test
    void readsEachAugmentationNameAndTheOldBooleans() {
        assertThat(augment("{name: synthetic}")).isEqualTo("none");
        assertThat(augment("{name: synthetic, augment: none}")).isEqualTo("none");
        assertThat(augment("{name: synthetic, augment: light}")).isEqualTo("light");
        assertThat(augment("{name: synthetic, augment: deit}")).isEqualTo("deit");
        assertThat(augment("{name: synthetic, augment: true}")).isEqualTo("light");
        assertThat(augment("{name: synthetic, augment: false}")).isEqualTo("none");
    }

    @Test
    void rejectsAnUnknownAugmentationListingTheAcceptedValues() {
        assertThat(problems(SpecTexts.with("dataset", "{name: synthetic, augment: randaugment}")))
                .containsExactly("dataset.augment: must be one of none, light, deit (or true = light, false = none), "
                        + "was 'randaugment'");
        assertThat(problems(SpecTexts.with("dataset", "{name: synthetic, augment: 1}")))
                .containsExactly("dataset.augment: must be one of none, light, deit (or true = light, false = none), "
                        + "was 1");
    }

    @Test
    void suggestsTheClosestMethodArchitectureAndDataset() {
        assertThat(problems(SpecTexts.with("methods", "[{name: comact, budget: [0.5]}]")))
                .containsExactly("methods[0].name: unknown method 'comact'; did you mean 'comcat'?");
        assertThat(problems(SpecTexts.with("model", "{arch: vit-tiny-fmnst, base: {file: p}}")))
                .containsExactly("model.arch: unknown architecture 'vit-tiny-fmnst'; did you mean 'vit-tiny-fmnist'?");
        assertThat(problems(SpecTexts.with("dataset", "{name: cifar10}")))
                .containsExactly(
                        "dataset.name: unknown dataset 'cifar10' (known: fashion-mnist, synthetic, " + "imagefolder)");
    }

    @Test
    void imagefolderNeedsTheDirectoryOfItsSplits() {
        assertThat(problems(SpecTexts.with("dataset", "{name: imagefolder}")))
                .containsExactly("dataset.path: imagefolder needs the directory that holds train/ and val/");
        assertThat(problems(SpecTexts.with("dataset", "{name: imagefolder, path: /data/imagenet}")))
                .isEmpty();
    }

    @Test
    void rejectsARankAboveTheHeadWidthForComcat() {
        // vit-tiny-fmnist: width 96 over 4 heads, so a head is 24 wide.
        String methods = "[{name: dense}, {name: comcat, ranks: {qk: [70, 8, 8, 8], vo: 25}}]";

        assertThat(problems(SpecTexts.with("methods", methods)))
                .containsExactly(
                        "methods[1].ranks.qk[0]: 70 exceeds the head width 24 of vit-tiny-fmnist",
                        "methods[1].ranks.vo: 25 exceeds the head width 24 of vit-tiny-fmnist");
    }

    @Test
    void boundsSvdMatrixRanksByTheModelWidth() {
        assertThat(problems(SpecTexts.with("methods", "[{name: svd-matrix, ranks: {qk: 96, vo: [70, 97, 1, 1]}}]")))
                .containsExactly("methods[0].ranks.vo[1]: 97 exceeds the width 96 of vit-tiny-fmnist");
    }

    @Test
    void rejectsRanksBelowOneAndOfTheWrongShape() {
        assertThat(problems(SpecTexts.with("methods", "[{name: comcat, ranks: {qk: [8, 8, 8], vo: 0}}]")))
                .containsExactly(
                        "methods[0].ranks.qk: has 3 entries but vit-tiny-fmnist has depth 4"
                                + " (give one rank per block, or a single rank for all)",
                        "methods[0].ranks.vo: must be >= 1, was 0");
        assertThat(problems(SpecTexts.with("methods", "[{name: comcat, ranks: {qk: {a: 1}, VO: 2}}]")))
                .containsExactly(
                        "methods[0].ranks.VO: unknown key; did you mean 'vo'?",
                        "methods[0].ranks.qk: must be an integer or a list of integers, was a mapping",
                        "methods[0].ranks.vo: required");
    }

    @Test
    void rejectsBudgetsOutsideZeroToOne() {
        assertThat(problems(SpecTexts.with("methods", "[{name: comcat, budget: [0, 1.5, 0.5]}]")))
                .containsExactly(
                        "methods[0].budget[0]: must be in (0, 1], was 0",
                        "methods[0].budget[1]: must be in (0, 1], was 1.5");
    }

    @Test
    void rejectsDuplicateAndEmptyBudgets() {
        assertThat(problems(SpecTexts.with("methods", "[{name: comcat, budget: [0.5, 0.25, 0.50]}]")))
                .containsExactly("methods[0].budget[2]: duplicate 0.5 (also budget[0])");
        assertThat(problems(SpecTexts.with("methods", "[{name: svd-matrix, budget: []}]")))
                .containsExactly("methods[0].budget: must not be empty");
    }

    @Test
    void rejectsMissingEmptyOrMistypedMethods() {
        assertThat(problems(SpecTexts.with("methods", "[]"))).containsExactly("methods: must list at least one method");
        assertThat(problems(SpecTexts.with("methods", null))).containsExactly("methods: required");
        assertThat(problems(SpecTexts.with("methods", "{name: dense}")))
                .containsExactly("methods: must be a list of methods, was a mapping");
        assertThat(problems(SpecTexts.with("methods", "[dense]")))
                .containsExactly("methods[0]: must be a mapping, was 'dense'");
    }

    @Test
    void rejectsDuplicateLabelsNamingBothEntries() {
        String methods = "[{name: dense}, {name: comcat, budget: [0.5]}, {name: svd-matrix, budget: [0.5]},"
                + " {name: comcat, budget: [0.25]}]";

        assertThat(problems(SpecTexts.with("methods", methods)))
                .containsExactly("methods[3].label: duplicate 'comcat' (also methods[1])");
    }

    @Test
    void rejectsABudgetOrRanksOnDense() {
        assertThat(problems(SpecTexts.with("methods", "[{name: dense, budget: [0.5], ranks: {qk: 1, vo: 1}}]")))
                .containsExactly(
                        "methods[0].budget: not allowed for dense (it is a single point)",
                        "methods[0].ranks: not allowed for dense (it is a single point)");
    }

    @Test
    void needsExactlyOneOfBudgetOrRanks() {
        assertThat(problems(SpecTexts.with("methods", "[{name: comcat}]")))
                .containsExactly("methods[0]: comcat needs either 'budget' or 'ranks'");
        assertThat(problems(SpecTexts.with("methods", "[{name: comcat, budget: [0.5], ranks: {qk: 1, vo: 1}}]")))
                .containsExactly("methods[0]: give either 'budget' or 'ranks', not both");
        assertThat(problems(SpecTexts.with("methods", "[{name: head-prune, ranks: {qk: 1, vo: 1}}]")))
                .containsExactly("methods[0].ranks: not allowed for head-prune (use budget)");
    }

    @Test
    void allowsImportanceOnlyOnHeadPruneAndFactorizeMlpOnlyOnComcat() {
        String methods = "[{name: comcat, budget: [0.5], importance: l1},"
                + " {name: svd-matrix, budget: [0.5], factorizeMlp: true},"
                + " {name: head-prune, budget: [0.5], importance: l2}]";

        assertThat(problems(SpecTexts.with("methods", methods)))
                .containsExactly(
                        "methods[0].importance: not allowed for comcat (only for head-prune)",
                        "methods[1].factorizeMlp: not allowed for svd-matrix (only for comcat)",
                        "methods[2].importance: unknown importance 'l2'; did you mean 'l1'?");
    }

    @Test
    void rejectsLabelsThatAreNotSafeNames() {
        assertThat(problems(SpecTexts.with("methods", "[{name: dense, label: 'my dense'}]")))
                .containsExactly("methods[0].label: must match [A-Za-z0-9._-]{1,64}, was 'my dense'");
        assertThat(problems(SpecTexts.with("name", "'a/b'")))
                .containsExactly("name: must match [A-Za-z0-9._-]{1,64}, was 'a/b'");
    }

    @Test
    void namesMissingRequiredFields() {
        assertThat(problems(SpecTexts.with("model", "{base: {file: params}}"))).containsExactly("model.arch: required");
        assertThat(problems(SpecTexts.with("name", null, "dataset", "{path: /x}")))
                .containsExactly("name: required", "dataset.name: required");
        assertThat(problems(SpecTexts.with("model", "{arch: vit-tiny-fmnist, base: {train: {lr: 0.001}}}")))
                .containsExactly("model.base.train.epochs: required", "model.base.train.batch: required");
    }

    @Test
    void needsExactlyOneBaseSource() {
        assertThat(problems(SpecTexts.with("model", "{arch: deit-tiny, base: {}}")))
                .containsExactly("model.base: give exactly one of 'train' or 'file'");
        assertThat(problems(SpecTexts.with(
                        "model", "{arch: deit-tiny, base: {file: p, train: {epochs: 1, lr: 0.1, batch: 8}}}")))
                .containsExactly("model.base: give exactly one of 'train' or 'file', not both");
    }

    @Test
    void checksEveryFinetuneRange() {
        String finetune = "{epochs: 1001, lr: -1, batch: 0, weightDecay: -0.1, distill: {enabled: 1, weight: 1.5},"
                + " featureAlign: {weight: 0.5, blocks: [4, 1, 1]}}";

        assertThat(problems(SpecTexts.with("finetune", finetune)))
                .containsExactly(
                        "finetune.epochs: must be between 0 and 1000, was 1001",
                        "finetune.lr: must be in (0, 10], was -1",
                        "finetune.batch: must be between 1 and 65536, was 0",
                        "finetune.weightDecay: must be in [0, 10], was -0.1",
                        "finetune.distill.enabled: must be true or false, was 1",
                        "finetune.distill.weight: must be in [0, 1], was 1.5",
                        "finetune.featureAlign.blocks[0]: must be < the depth 4 of vit-tiny-fmnist, was 4",
                        "finetune.featureAlign.blocks[2]: duplicate block 1");
    }

    @Test
    void keepsMinLrAtMostLr() {
        assertThat(problems(SpecTexts.with("finetune", "{lr: 5.0e-4, minLr: 1.0e-3}")))
                .containsExactly("finetune.minLr: must be <= lr (5.0E-4), was 0.001");
    }

    @Test
    void needsBlocksWhenFeatureAlignmentIsOn() {
        assertThat(problems(SpecTexts.with("finetune", "{featureAlign: {weight: 0.2}}")))
                .containsExactly("finetune.featureAlign.blocks: must list at least one block when weight > 0");
    }

    @Test
    void namesValuesOfTheWrongType() {
        assertThat(problems(SpecTexts.with("finetune", "{lr: fast, epochs: 1.5}", "resources", "5")))
                .containsExactly(
                        "finetune.epochs: must be an integer, was 1.5",
                        "finetune.lr: must be a number, was 'fast'",
                        "resources: must be a mapping, was 5");
        assertThat(problems(SpecTexts.with("name", "2024")))
                .containsExactly("name: must be a string (quote it), was 2024");
    }

    @Test
    void rejectsIntegersBeyondTheirType() {
        assertThat(problems(SpecTexts.with(
                        "sampler", "{algorithm: random, n: 3000000000}", "seeds", "[99999999999999999999]")))
                .containsExactly(
                        "sampler.n: must be <= 2147483647, was 3000000000",
                        "seeds[0]: must be <= 9223372036854775807, was 99999999999999999999");
    }

    @Test
    void needsNForRandomSearchAndRejectsItForGrid() {
        assertThat(problems(SpecTexts.with("sampler", "{algorithm: random}"))).containsExactly("sampler.n: required");
        assertThat(problems(SpecTexts.with("sampler", "{algorithm: grid, n: 3, seed: 1}")))
                .containsExactly(
                        "sampler.n: not allowed for algorithm grid (it runs every point)",
                        "sampler.seed: not allowed for algorithm grid (it runs every point)");
        assertThat(problems(SpecTexts.with("sampler", "{algorithm: bayes}")))
                .containsExactly("sampler.algorithm: unknown sampler algorithm 'bayes' (known: grid, random)");
    }

    @Test
    void aSamplerSeedThatIsNotAnIntegerIsAProblemNotACrash() {
        assertThat(problems(SpecTexts.with("sampler", "{algorithm: random, n: 1, seed: text}")))
                .containsExactly("sampler.seed: must be an integer, was 'text'");
    }

    @Test
    void theOldSearchKeyStillReadsAsTheSamplerWithAWarningButNotBesideIt() {
        ParsedSpec old = new SpecParser().read(SpecTexts.with("search", "{algorithm: random, n: 2, seed: 5}"), "old");
        assertThat(old.spec().sampler()).isEqualTo(new SamplerSpec("random", 2, 5L));
        assertThat(old.warnings())
                .extracting(Object::toString)
                .containsExactly("search: deprecated; call it 'sampler' (the same keys)");
        assertThat(problems(SpecTexts.with("search", "{algorithm: random}"))).containsExactly("search.n: required");
        assertThat(problems(SpecTexts.with("search", "{algorithm: grid}", "sampler", "{algorithm: grid}")))
                .containsExactly("search: deprecated name of 'sampler'; give only 'sampler'");
        assertThat(new SpecParser()
                        .read(SpecTexts.with("sampler", "{algorithm: grid}"), "new")
                        .warnings())
                .isEmpty();
    }

    @Test
    void rejectsRandomSearchForMoreConfigurationsThanExist() {
        // dense (1) + comcat at two budgets (2) = 3 configurations.
        assertThat(problems(SpecTexts.with("sampler", "{algorithm: random, n: 4}")))
                .containsExactly("sampler.n: 4 exceeds the 3 distinct configurations of the search space"
                        + " (budgets and explicit ranks of every method)");
        assertThat(problems(SpecTexts.with("sampler", "{algorithm: random, n: 3}")))
                .isEmpty();
    }

    @Test
    void checksResourcesSeedsAndAttempts() {
        assertThat(problems(SpecTexts.with("resources", "{device: gpu}", "seeds", "[1, 2, 1]", "maxAttempts", "21")))
                .containsExactly(
                        "resources.gpus: must be >= 1 for device gpu, was 0",
                        "seeds[2]: duplicate seed 1 (also seeds[0])",
                        "maxAttempts: must be between 1 and 20, was 21");
        assertThat(problems(SpecTexts.with("resources", "{device: cpu, gpus: 1}", "seeds", "[]", "maxAttempts", "0")))
                .containsExactly(
                        "resources.gpus: must be 0 for device cpu, was 1",
                        "seeds: must list at least one seed",
                        "maxAttempts: must be between 1 and 20, was 0");
    }

    @Test
    void outOfMemoryRetryIsAFlagThatChangesTheContentHashOnlyWhenSet() {
        SweepSpec allowed = new SpecParser().parse(SpecTexts.with("resources", "{oomRetryHalfBatch: true}"), "s.yaml");
        SweepSpec plain = new SpecParser().parse(SpecTexts.with("resources", "{device: cpu}"), "s.yaml");

        assertThat(allowed.resources()).isEqualTo(new ResourceSpec("cpu", 0, true));
        assertThat(plain.resources().oomRetryHalfBatch()).isFalse();
        assertThat(Json.write(plain.resources())).doesNotContain("oomRetryHalfBatch");
        assertThat(Json.write(allowed.resources())).contains("\"oomRetryHalfBatch\":true");
        assertThat(problems(SpecTexts.with("resources", "{oomRetryHalfBatch: sometimes}")))
                .singleElement()
                .asString()
                .startsWith("resources.oomRetryHalfBatch:");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String text = SpecTexts.with(
                "bogus_key",
                "true",
                "model",
                "{base: {file: p}}",
                "methods",
                "[{name: comcat, budget: [1.5]}, {name: dense, budget: [0.5]}]",
                "finetune",
                "{lr: -1}");

        assertThat(problems(text))
                .containsExactly(
                        "bogus_key: unknown key (known keys: " + KNOWN_TOP_KEYS + ")",
                        "model.arch: required",
                        "methods[0].budget[0]: must be in (0, 1], was 1.5",
                        "methods[1].budget: not allowed for dense (it is a single point)",
                        "finetune.lr: must be in (0, 10], was -1");
    }

    @Test
    void skipsShapeChecksWhenTheArchitectureIsUnknown() {
        String text = SpecTexts.with(
                "model", "{arch: nope, base: {file: p}}", "methods", "[{name: comcat, ranks: {qk: [500], vo: 0}}]");

        assertThat(problems(text))
                .containsExactly(
                        "model.arch: unknown architecture 'nope' (known: vit-tiny-fmnist, deit-tiny, deit-small, deit-base)",
                        "methods[0].ranks.vo: must be >= 1, was 0");
    }

    @Test
    void reportsTheLineOfMalformedYaml() {
        String text = "name: quick\ndataset: {name: synthetic}\nmodel: vit\n  arch: vit-tiny-fmnist\n";

        assertThat(problems(text, "broken.yaml"))
                .containsExactly(
                        "broken.yaml: malformed YAML at line 4, column 7: mapping values are not allowed here");
    }

    @Test
    void reportsTheLineOfAnUnclosedList() {
        assertThat(problems("name: quick\nmethods: [1, 2\n", "broken.yaml"))
                .singleElement()
                .asString()
                .startsWith("broken.yaml: malformed YAML at line 3, column 1: expected ',' or ']'")
                .endsWith("(while parsing a flow sequence started at line 2, column 10)");
    }

    @Test
    void reportsTheLineOfMalformedJsonAndDuplicateKeys() {
        assertThat(problems("{\"name\": \"x\",\n \"dataset\": }", "body.json"))
                .singleElement()
                .asString()
                .startsWith("body.json: malformed JSON at line 2, column ");
        assertThat(problems("name: a\nseeds: [1]\nname: b\n", "dup.yaml"))
                .singleElement()
                .asString()
                .startsWith("dup.yaml: malformed YAML at line 3")
                .contains("Duplicate field 'name'");
    }

    @Test
    void rejectsEmptyTextOtherShapesAndSeveralDocuments() {
        assertThat(problems("# nothing here\n", "empty.yaml")).containsExactly("empty.yaml is empty");
        assertThat(problems("- 1\n- 2\n", "list.yaml"))
                .containsExactly("list.yaml: must be a mapping of " + KNOWN_TOP_KEYS + "; was a list");
        assertThat(problems(SpecTexts.valid() + "---\nname: second\n", "two.yaml"))
                .containsExactly("two.yaml holds more than one document; give one sweep per file");
    }

    private static String augment(String dataset) {
        return new SpecParser()
                .parse(SpecTexts.with("dataset", dataset), "test.yaml")
                .dataset()
                .augment();
    }

    private static List<String> problems(String text) {
        return problems(text, "test.yaml");
    }

    private static List<String> problems(String text, String sourceName) {
        ValidationException failure =
                catchThrowableOfType(ValidationException.class, () -> new SpecParser().parse(text, sourceName));
        return failure == null
                ? List.of()
                : failure.problems().stream()
                        .map(ValidationException.Problem::toString)
                        .toList();
    }
}
