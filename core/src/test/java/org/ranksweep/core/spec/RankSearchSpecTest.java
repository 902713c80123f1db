package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.plan.ContentHash;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.trial.TrialConfig;

/** comcat-auto in specs: rho, the search options and their defaults, and how its trials are planned. */
class RankSearchSpecTest {

    private static final String AUTO = "{name: comcat-auto, rho: [0.5, 0.25]}";
    private final SpecParser parser = new SpecParser();

    @Test
    void derivesTheTinyViTsDefaultCandidatesFromItsWidths() {
        RankCandidates defaults = RankCandidates.defaults(ModelCatalog.VIT_TINY_FMNIST);
        // Per head: k·24/6. fc1, fc2: k·64/6 with 64 = 96·192/288. Head: k·9/6 with 9 = ⌊960/106⌋, halves up.
        assertThat(defaults.qk()).containsExactly(4, 8, 12, 16, 20, 24);
        assertThat(defaults.vo()).containsExactly(4, 8, 12, 16, 20, 24);
        assertThat(defaults.fc1()).containsExactly(11, 21, 32, 43, 53, 64);
        assertThat(defaults.fc2()).containsExactly(11, 21, 32, 43, 53, 64);
        assertThat(defaults.head()).containsExactly(2, 3, 5, 6, 8, 9);
    }

    @Test
    void derivesDeitSmallCandidatesLikeThePaperUpToTheFullHead() {
        // DeiT-S lists totals 64..320 step 64 over 6 heads; ours per head, 64/6 apart, ending at d_h = 64.
        assertThat(RankCandidates.defaults(ModelCatalog.DEIT_SMALL).qk()).containsExactly(11, 21, 32, 43, 53, 64);
    }

    @Test
    void readsRhoAsBudgetsAndAppliesEverySearchDefault() {
        SweepSpec spec = parser.parse(
                SpecTexts.with("methods", "[" + AUTO + "]", "dataset", "{name: synthetic, heldOut: 100}"), "auto.yaml");

        MethodSpec method = spec.methods().get(0);
        assertThat(method.budget()).containsExactly(0.5, 0.75);
        assertThat(method.rankSearch()).isEqualTo(RankSearchSpec.defaults(ModelCatalog.VIT_TINY_FMNIST));
        assertThat(method.rankSearch().searchEpochs()).isEqualTo(3);
        assertThat(method.rankSearch().beta()).isEqualTo(1.5);
        assertThat(method.rankSearch().temperatureStart()).isEqualTo(5.0);
        assertThat(method.rankSearch().temperatureEnd()).isEqualTo(0.1);
        assertThat(method.rankSearch().searchBatch()).isEqualTo(128);
        assertThat(method.rankSearch().searchSteps()).isEqualTo(100);
        assertThat(method.rankSearch().selection()).isEqualTo("argmax");
    }

    @Test
    void readsEveryExplicitSearchOption() {
        String methods = "[{name: comcat-auto, label: auto, rho: 0.9, searchMlp: true, searchEpochs: 7, beta: 2,"
                + " temperature: {start: 3, end: 0.5}, candidates: {qk: [24, 6, 12], head: [1, 10]}, searchBatch: 32,"
                + " searchSteps: 250, selection: budgeted}]";
        MethodSpec method = parser.parse(SpecTexts.with("methods", methods), "auto.yaml")
                .methods()
                .get(0);

        assertThat(method.budget()).containsExactly(0.1);
        RankCandidates defaults = RankCandidates.defaults(ModelCatalog.VIT_TINY_FMNIST);
        assertThat(method.rankSearch())
                .isEqualTo(new RankSearchSpec(
                        new RankCandidates(
                                List.of(6, 12, 24), defaults.vo(), defaults.fc1(), defaults.fc2(), List.of(1, 10)),
                        true,
                        7,
                        2.0,
                        3.0,
                        0.5,
                        32,
                        250,
                        "budgeted"));
    }

    @Test
    void plansOneTrialPerRhoAndSeedCarryingTheSearch() {
        SweepSpec spec = parser.parse(
                SpecTexts.with(
                        "methods",
                        "[{name: dense}, " + AUTO + "]",
                        "seeds",
                        "[0, 1]",
                        "controls",
                        "{denseFt: false, computeMatched: false}"),
                "auto.yaml");
        List<PlannedTrial> trials = new TrialPlanner().plan(spec);

        assertThat(trials).hasSize(6);
        TrialConfig auto = trials.get(2).config();
        assertThat(auto.method()).isEqualTo("comcat-auto");
        assertThat(auto.budget()).isEqualTo(0.5);
        assertThat(auto.rankSearch()).isEqualTo(spec.methods().get(1).rankSearch());
        assertThat(Json.read(Json.write(auto), TrialConfig.class)).isEqualTo(auto);
        assertThat(Json.read(Json.write(spec), SweepSpec.class)).isEqualTo(spec);
    }

    @Test
    void leavesTheJsonAndHashOfOtherMethodsAsBefore() {
        TrialConfig dense = new TrialPlanner()
                .plan(parser.parse(SpecTexts.valid(), "t.yaml"))
                .get(0)
                .config();
        String json = Json.write(dense);

        assertThat(json).doesNotContain("rankSearch");
        TrialConfig withSearch = new TrialConfig(
                dense.method(),
                dense.label(),
                dense.budget(),
                dense.ranks(),
                dense.importance(),
                dense.factorizeMlp(),
                dense.model(),
                dense.dataset(),
                dense.finetune(),
                dense.seed(),
                dense.resources(),
                RankSearchSpec.defaults(ModelCatalog.VIT_TINY_FMNIST));
        assertThat(ContentHash.of(withSearch)).isNotEqualTo(ContentHash.of(dense));
    }

    @Test
    void rejectsBudgetRanksAndOtherMethodsOptionsOnComcatAuto() {
        String methods = "[{name: comcat-auto, rho: 0.5, budget: [0.5], ranks: {qk: 1, vo: 1}, importance: l1,"
                + " factorizeMlp: true}]";
        assertThat(problems(SpecTexts.with("methods", methods)))
                .containsExactly(
                        "methods[0].budget: not allowed for comcat-auto (give rho, the parameter-reduction ratio: each"
                                + " trial keeps 1 - rho)",
                        "methods[0].ranks: not allowed for comcat-auto (give rho, the parameter-reduction ratio: each"
                                + " trial keeps 1 - rho)",
                        "methods[0].importance: not allowed for comcat-auto (only for head-prune)",
                        "methods[0].factorizeMlp: not allowed for comcat-auto (only for comcat)");
    }

    @Test
    void rejectsSearchOptionsOnOtherMethods() {
        assertThat(problems(SpecTexts.with("methods", "[{name: comcat, budget: 0.5, rho: 0.5, beta: 1}]")))
                .containsExactly(
                        "methods[0].rho: not allowed for comcat (only for comcat-auto)",
                        "methods[0].beta: not allowed for comcat (only for comcat-auto)");
    }

    @Test
    void checksRhoAndEverySearchRange() {
        String methods = "[{name: comcat-auto, rho: [1.0, -0.1, 0.5, 0.5], searchEpochs: 0, beta: -1,"
                + " temperature: {start: 0.1, end: 5, middle: 1}}, {name: comcat-auto, label: b}]";
        assertThat(problems(SpecTexts.with("methods", methods)))
                .containsExactly(
                        "methods[0].rho[0]: must be in [0, 1), was 1.0",
                        "methods[0].rho[1]: must be in [0, 1), was -0.1",
                        "methods[0].rho[3]: duplicate 0.5 (also rho[2])",
                        "methods[0].searchEpochs: must be between 1 and 1000, was 0",
                        "methods[0].beta: must be in [0, 1000], was -1",
                        "methods[0].temperature.middle: unknown key (known keys: start, end)",
                        "methods[0].temperature.end: must be <= start (0.1): the temperature is annealed downwards, was 5.0",
                        "methods[1].rho: required");
    }

    @Test
    void checksTheGateBatchStepsAndSelectionNamingEachField() {
        String methods = "[{name: dense}, {name: comcat-auto, rho: 0.5, searchBatch: 0, searchSteps: 0,"
                + " selection: argmin}, {name: comcat-auto, label: b, rho: 0.5, searchBatch: 65537,"
                + " searchSteps: 2.5, selection: budget}]";
        assertThat(problems(SpecTexts.with("methods", methods)))
                .containsExactly(
                        "methods[1].searchBatch: must be between 1 and 65536, was 0",
                        "methods[1].searchSteps: must be between 1 and 1000000, was 0",
                        "methods[1].selection: unknown selection 'argmin'; did you mean 'argmax'?",
                        "methods[2].searchBatch: must be between 1 and 65536, was 65537",
                        "methods[2].searchSteps: must be an integer, was 2.5",
                        "methods[2].selection: unknown selection 'budget'; did you mean 'budgeted'?");
    }

    @Test
    void rejectsTheGateOptionsOnOtherMethods() {
        assertThat(problems(SpecTexts.with(
                        "methods",
                        "[{name: comcat, budget: 0.5, searchBatch: 64," + " searchSteps: 10, selection: argmax}]")))
                .containsExactly(
                        "methods[0].searchBatch: not allowed for comcat (only for comcat-auto)",
                        "methods[0].searchSteps: not allowed for comcat (only for comcat-auto)",
                        "methods[0].selection: not allowed for comcat (only for comcat-auto)");
    }

    @Test
    void givesEachGateOptionItsOwnContentHash() {
        TrialConfig base = new TrialPlanner()
                .plan(parser.parse(
                        SpecTexts.with("methods", "[" + AUTO + "]", "controls", "{denseFt: false}"), "t.yaml"))
                .get(0)
                .config();
        RankSearchSpec search = base.rankSearch();
        List<RankSearchSpec> variants = List.of(
                search,
                new RankSearchSpec(search.candidates(), false, 3, 1.5, 5.0, 0.1, 64, 100, "argmax"),
                new RankSearchSpec(search.candidates(), false, 3, 1.5, 5.0, 0.1, 128, 50, "argmax"),
                new RankSearchSpec(search.candidates(), false, 3, 1.5, 5.0, 0.1, 128, 100, "budgeted"));
        List<String> hashes = variants.stream()
                .map(variant -> ContentHash.of(new TrialConfig(
                        base.method(),
                        base.label(),
                        base.budget(),
                        base.ranks(),
                        base.importance(),
                        base.factorizeMlp(),
                        base.model(),
                        base.dataset(),
                        base.finetune(),
                        base.seed(),
                        base.resources(),
                        variant)))
                .toList();
        assertThat(hashes).doesNotHaveDuplicates();
        assertThat(Json.write(base)).contains("\"searchBatch\":128", "\"searchSteps\":100", "\"selection\":\"argmax\"");
    }

    @Test
    void boundsCandidatesByTheirMatricesAndSearchesMlpCandidatesOnlyWhenAsked() {
        String methods = "[{name: comcat-auto, rho: 0.5, candidates: {qk: [4, 25], vo: [], fc1: [8], attn: [1]}},"
                + " {name: comcat-auto, label: b, rho: 0.5, searchMlp: true, candidates: {fc2: [97, 8, 8],"
                + " head: 11}}]";
        assertThat(problems(SpecTexts.with("methods", methods)))
                .containsExactly(
                        "methods[0].candidates.attn: unknown key (known keys: qk, vo, fc1, fc2, head)",
                        "methods[0].candidates.fc1: only searched with searchMlp: true",
                        "methods[0].candidates.qk[1]: 25 exceeds the head width 24 of vit-tiny-fmnist",
                        "methods[0].candidates.vo: must list at least one rank",
                        "methods[1].candidates.fc2[0]: 97 exceeds min(width, MLP width) 96 of vit-tiny-fmnist",
                        "methods[1].candidates.fc2[2]: duplicate rank 8",
                        "methods[1].candidates.head[0]: 11 exceeds min(width, classes) 10 of vit-tiny-fmnist");
    }

    @Test
    void needsAHeldOutSliceToSearchOn() {
        assertThat(problems(SpecTexts.with(
                        "methods", "[{name: dense}, " + AUTO + "]", "dataset", "{name: synthetic, heldOut: 0}")))
                .containsExactly("dataset.heldOut: must be > 0: comcat-auto"
                        + " (methods[1]) searches its ranks on the held-out slice, never on the test split");
    }

    private List<String> problems(String text) {
        ValidationException failure =
                catchThrowableOfType(ValidationException.class, () -> parser.parse(text, "t.yaml"));
        assertThat(failure).as("expected a validation error").isNotNull();
        return failure.problems().stream()
                .map(ValidationException.Problem::toString)
                .toList();
    }
}
