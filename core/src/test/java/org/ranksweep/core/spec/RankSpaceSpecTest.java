package org.ranksweep.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Collections;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.rankspace.ConstrainedRankSampler;
import org.ranksweep.core.rankspace.RankSpace;

/** Per-layer rank candidates of a comcat entry in specs: the forms they take, their defaults and every refusal. */
class RankSpaceSpecTest {

    private static final String SIXTHS = "[4, 8, 12, 16, 20, 24]";
    private static final String SPACE_RANKS = "{qk: {per-layer: " + SIXTHS + "}, vo: {per-layer: " + SIXTHS + "}}";
    private final SpecParser parser = new SpecParser();

    @Test
    void readsOneCandidateListForEveryBlockWithTheDefaultSeed() {
        MethodSpec method = parse(space("budget: 0.5, samples: 6")).methods().get(1);

        List<Integer> sixths = List.of(4, 8, 12, 16, 20, 24);
        assertThat(method.name()).isEqualTo("comcat");
        assertThat(method.label()).isEqualTo("comcat-space");
        assertThat(method.budget()).as("the budget belongs to the space").isEmpty();
        assertThat(method.ranks()).isNull();
        assertThat(method.rankSpace())
                .isEqualTo(
                        new RankSpaceSpec(Collections.nCopies(4, sixths), Collections.nCopies(4, sixths), 0.5, 6, 0));
    }

    @Test
    void readsOneCandidateListPerBlockInAnyOrderAndAOneElementBudgetList() {
        String ranks = "{qk: {per-layer: [[24, 4], [8], [4, 8, 12], [12, 24]]}, vo: {per-layer: [16, 8]}}";
        MethodSpec method = parse(
                        methods("{name: comcat, label: s, ranks: " + ranks + ", budget: [0.75], samples: 2, seed: -3}"))
                .methods()
                .get(0);

        assertThat(method.rankSpace().qk())
                .containsExactly(List.of(4, 24), List.of(8), List.of(4, 8, 12), List.of(12, 24));
        assertThat(method.rankSpace().vo())
                .containsExactly(List.of(8, 16), List.of(8, 16), List.of(8, 16), List.of(8, 16));
        assertThat(method.rankSpace().budget()).isEqualTo(0.75);
        assertThat(method.rankSpace().seed()).isEqualTo(-3);
    }

    @Test
    void explicitRanksStayAsTheyWere() {
        MethodSpec method = parse(methods("{name: comcat, ranks: {qk: [8, 8, 4, 4], vo: 6}}"))
                .methods()
                .get(0);

        assertThat(method.rankSpace()).isNull();
        assertThat(method.ranks()).isEqualTo(new RankSpec(List.of(8, 8, 4, 4), List.of(6, 6, 6, 6)));
        assertThat(Json.write(method)).doesNotContain("rankSpace");
    }

    @Test
    void aSpecWithARankSpaceSurvivesJson() {
        SweepSpec spec = parse(space("budget: 0.5, samples: 6, seed: 9"));

        assertThat(Json.read(Json.write(spec), SweepSpec.class)).isEqualTo(spec);
    }

    @Test
    void rejectsBadCandidatesNamingTheirPath() {
        assertProblems(
                space("{qk: {per-layer: []}, vo: {per-layer: [4, 30, 4, 0]}}", "budget: 0.5, samples: 2"),
                "methods[1].ranks.qk.per-layer: must not be empty",
                "methods[1].ranks.vo.per-layer[1]: 30 exceeds the head width 24 of vit-tiny-fmnist",
                "methods[1].ranks.vo.per-layer[2]: duplicate 4 (also methods[1].ranks.vo.per-layer[0])",
                "methods[1].ranks.vo.per-layer[3]: must be >= 1, was 0");
        assertProblems(
                space(
                        "{qk: {per-layer: [[4], [8], []]}, vo: {per-layer: [[4], 8, [4], [4]]}}",
                        "budget: 0.5, samples: 1"),
                "methods[1].ranks.qk.per-layer: has 3 entries but vit-tiny-fmnist has depth 4 (give one candidate"
                        + " list per block, or a single list for all)",
                "methods[1].ranks.qk.per-layer[2]: must not be empty",
                "methods[1].ranks.vo.per-layer[1]: must be a list of candidate ranks like every entry of"
                        + " methods[1].ranks.vo.per-layer, was 8");
        assertProblems(
                space("{qk: {per-layer: [4, [8]]}, vo: {per-layer: 8, every: 1}}", "budget: 0.5, samples: 1"),
                "methods[1].ranks.qk.per-layer[1]: must be a rank, was a list (a list of lists needs a list in every"
                        + " entry)",
                "methods[1].ranks.vo.every: unknown key (known keys: per-layer)",
                "methods[1].ranks.vo.per-layer: must be a list of candidate ranks (for every block) or a list of such"
                        + " lists (one per block), was 8");
    }

    @Test
    void rejectsMixingExplicitRanksAndCandidates() {
        assertProblems(
                space("{qk: {per-layer: [4, 8]}, vo: 6}", "budget: 0.5, samples: 2"),
                "methods[1].ranks.vo: must be per-layer candidates ({per-layer: [...]}) like the other key: explicit"
                        + " ranks and per-layer candidates do not mix, was 6");
        assertProblems(
                space("{qk: [8, 8, 4, 4], vo: {per-layer: [4, 8]}}", "budget: 0.5, samples: 2"),
                "methods[1].ranks.qk: must be per-layer candidates ({per-layer: [...]}) like the other key: explicit"
                        + " ranks and per-layer candidates do not mix, was a list");
        assertProblems(space("{qk: {per-layer: [4, 8]}}", "budget: 0.5, samples: 2"), "methods[1].ranks.vo: required");
    }

    @Test
    void rejectsAMissingOrSecondBudgetAndBadSamplesAndSeeds() {
        assertProblems(
                space("samples: 2"),
                "methods[1]: comcat with per-layer rank candidates needs 'budget', the one fraction whose uniform"
                        + " comcat parameters the drawn vectors stay within");
        assertProblems(
                space("budget: [0.5, 0.25], samples: 0, seed: 1.5"),
                "methods[1].budget: per-layer rank candidates take exactly one budget, was 2 (give another entry, with"
                        + " its own label, for another budget)",
                "methods[1].samples: must be between 1 and 1000, was 0",
                "methods[1].seed: must be an integer, was 1.5");
        assertProblems(
                space("budget: 1.5"),
                "methods[1].budget[0]: must be in (0, 1], was 1.5",
                "methods[1].samples: required");
    }

    @Test
    void rejectsABudgetBelowTheSmallestCandidatesAndMoreSamplesThanTheSpaceHolds() {
        assertThat(problems(
                        space("{qk: {per-layer: [20, 24]}, vo: {per-layer: [20, 24]}}", "budget: 0.25, samples: 1")))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("methods[1].budget: too small for the candidates: their smallest ranks need ")
                .endsWith("(uniform comcat's at that budget)");
        // qk fixed at 12, vo from {4, 8}: two vectors per block, 16 in all, every one within budget 1.
        String tiny = "{qk: {per-layer: [12]}, vo: {per-layer: [4, 8]}}";
        assertThat(parse(space(tiny, "budget: 1, samples: 16"))
                        .methods()
                        .get(1)
                        .rankSpace()
                        .samples())
                .isEqualTo(16);
        assertProblems(
                space(tiny, "budget: 1, samples: 17"),
                "methods[1].samples: 17 exceeds the 16 distinct rank vectors found within budget 1.0 ("
                        + ConstrainedRankSampler.budgetParams(
                                RankSpace.uniform(ModelCatalog.VIT_TINY_FMNIST, List.of(12), List.of(4, 8)), 1.0)
                        + " parameters)");
    }

    @Test
    void rejectsCandidatesOnOtherMethodsAndTheSpaceKeysWithoutCandidates() {
        assertProblems(
                methods("{name: svd-matrix, ranks: " + SPACE_RANKS + ", budget: 0.5, samples: 2}"),
                "methods[0].ranks: per-layer rank candidates are only for comcat, not svd-matrix (give explicit ranks"
                        + " or a budget)");
        assertProblems(
                methods("{name: head-prune, ranks: " + SPACE_RANKS + ", budget: 0.5}"),
                "methods[0].ranks: not allowed for head-prune (use budget)");
        assertProblems(
                methods("{name: comcat, budget: 0.5, samples: 2, seed: 1}"),
                "methods[0].samples: not allowed for comcat without per-layer rank candidates (ranks: {qk: {per-layer:"
                        + " [...]}, vo: {per-layer: [...]}})",
                "methods[0].seed: not allowed for comcat without per-layer rank candidates (ranks: {qk: {per-layer:"
                        + " [...]}, vo: {per-layer: [...]}})");
        assertProblems(
                methods("{name: dense, samples: 2}"),
                "methods[0].samples: not allowed for dense (only for comcat with per-layer rank candidates, ranks:"
                        + " {qk: {per-layer: [...]}, vo: {per-layer: [...]}})");
        assertProblems(
                space("budget: 0.5, samples: 2, factorizeMlp: true, importance: l1"),
                "methods[1].importance: not allowed for comcat (only for head-prune)",
                "methods[1].factorizeMlp: must be false with per-layer rank candidates (their budget prices"
                        + " attention-only plans)");
    }

    @Test
    void readsASpectrumWarmStartAndLeavesItOutOfTheJsonWhenAbsent() {
        RankSpaceSpec warm = parse(space("budget: 0.5, samples: 6, warmStart: spectrum"))
                .methods()
                .get(1)
                .rankSpace();
        RankSpaceSpec cold =
                parse(space("budget: 0.5, samples: 6")).methods().get(1).rankSpace();

        assertThat(warm.warmStart()).isEqualTo("spectrum");
        assertThat(warm.points()).isEqualTo(7);
        assertThat(warm.warmStartSpec()).isEqualTo(new WarmStartSpec("spectrum", warm.qk(), warm.vo(), 0.5));
        assertThat(cold.warmStart()).isNull();
        assertThat(cold.points()).isEqualTo(6);
        assertThat(cold.warmStartSpec()).isNull();
        assertThat(Json.write(cold)).doesNotContain("warmStart");
        assertThat(Json.read(Json.write(warm), RankSpaceSpec.class)).isEqualTo(warm);
    }

    @Test
    void rejectsAnUnknownWarmStartAndAWarmStartWithoutCandidatesNamingTheKey() {
        assertProblems(
                space("budget: 0.5, samples: 2, warmStart: foo"),
                "methods[1].warmStart: unknown warm start 'foo' (known: spectrum)");
        assertProblems(
                space("budget: 0.5, samples: 2, warmStart: [spectrum]"),
                "methods[1].warmStart: must be a string (quote it), was a list");
        assertProblems(
                methods("{name: comcat, budget: 0.5, warmStart: spectrum}"),
                "methods[0].warmStart: not allowed for comcat without per-layer rank candidates (ranks: {qk:"
                        + " {per-layer: [...]}, vo: {per-layer: [...]}})");
        assertProblems(
                methods("{name: comcat, ranks: {qk: 8, vo: 8}, warmStart: spectrum}"),
                "methods[0].warmStart: not allowed for comcat without per-layer rank candidates (ranks: {qk:"
                        + " {per-layer: [...]}, vo: {per-layer: [...]}})");
        assertProblems(
                methods("{name: comcat-auto, rho: [0.5], warmStart: spectrum}"),
                "methods[0].warmStart: not allowed for comcat-auto (only for comcat with per-layer rank candidates,"
                        + " ranks: {qk: {per-layer: [...]}, vo: {per-layer: [...]}})");
    }

    @Test
    void suggestsTheKeyForAMisspeltOne() {
        assertThat(problems(space("budget: 0.5, sample: 2")))
                .contains("methods[1].sample: unknown key; did you mean 'samples'?");
        assertThat(problems(space("{qk: {perLayer: [4]}, vo: {per-layer: [4]}}", "budget: 0.5, samples: 1")))
                .contains(
                        "methods[1].ranks.qk.perLayer: unknown key; did you mean 'per-layer'?",
                        "methods[1].ranks.qk.per-layer: required");
    }

    /** A spec with dense and a comcat entry labelled comcat-space with the default candidates and these keys. */
    static String space(String keys) {
        return space(SPACE_RANKS, keys);
    }

    static String space(String ranks, String keys) {
        return methods("{name: dense}, {name: comcat, label: comcat-space, ranks: " + ranks + ", " + keys + "}");
    }

    static String methods(String entries) {
        return SpecTexts.with("methods", "[" + entries + "]");
    }

    private SweepSpec parse(String text) {
        return parser.parse(text, "space.yaml");
    }

    private void assertProblems(String text, String... expected) {
        assertThat(problems(text)).containsExactlyInAnyOrder(expected);
    }

    private List<String> problems(String text) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> parse(text));
        assertThat(e).as("problems of " + text).isNotNull();
        return e.problems().stream().map(Object::toString).toList();
    }
}
