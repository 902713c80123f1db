package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.SamplerSpec;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.TrialConfig;

class TrialPlannerTest {

    /** Nine configurations: dense, comcat at three budgets, explicit ranks, svd-matrix at two, head-prune at two. */
    private static final String NINE_CONFIGURATIONS = """
            name: planner-test
            dataset: {name: synthetic, trainLimit: 64}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 32}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5, 0.25, 0.125]}
              - {name: comcat, label: comcat-manual, ranks: {qk: [8, 8, 4, 4], vo: 6}}
              - {name: svd-matrix, budget: [0.25, 0.5]}
              - {name: head-prune, budget: [0.75, 0.5], importance: taylor}
            seeds: [3, 1]
            controls: {denseFt: false}
            """;

    private final SpecParser parser = new SpecParser();
    private final TrialPlanner planner = new TrialPlanner();

    @Test
    void ordersGridTrialsByMethodThenBudgetThenSeed() {
        List<PlannedTrial> trials = planner.plan(parser.parse(NINE_CONFIGURATIONS, "grid.yaml"));

        List<String> expected = new ArrayList<>();
        for (String point : List.of(
                "dense/null",
                "comcat/0.5",
                "comcat/0.25",
                "comcat/0.125",
                "comcat-manual/null",
                "svd-matrix/0.25",
                "svd-matrix/0.5",
                "head-prune/0.75",
                "head-prune/0.5")) {
            expected.add(point + "/3");
            expected.add(point + "/1");
        }
        assertThat(trials).extracting(TrialPlannerTest::point).containsExactlyElementsOf(expected);
        assertThat(trials).extracting(PlannedTrial::index).containsExactlyElementsOf(range(18));
    }

    @Test
    void carriesTheSharedPartsOfTheSpecIntoEveryTrial() {
        SweepSpec spec = parser.parse(NINE_CONFIGURATIONS, "grid.yaml");

        List<PlannedTrial> trials = planner.plan(spec);

        assertThat(trials).allSatisfy(trial -> {
            assertThat(trial.config().model()).isEqualTo(spec.model());
            assertThat(trial.config().dataset()).isEqualTo(spec.dataset());
            assertThat(trial.config().finetune()).isEqualTo(spec.finetune());
            assertThat(trial.config().resources()).isEqualTo(spec.resources());
            assertThat(trial.contentHash()).isEqualTo(ContentHash.of(trial.config()));
        });
        TrialConfig manual = trials.get(8).config();
        assertThat(manual.label()).isEqualTo("comcat-manual");
        assertThat(manual.ranks()).isEqualTo(new RankSpec(List.of(8, 8, 4, 4), List.of(6, 6, 6, 6)));
        assertThat(manual.budget()).isNull();
        assertThat(trials.get(14).config().importance()).isEqualTo("taylor");
    }

    @Test
    void plansTheSameTrialsForTheSameSpecEveryTime() {
        assertThat(planner.plan(parser.parse(NINE_CONFIGURATIONS, "a.yaml")))
                .isEqualTo(planner.plan(parser.parse(NINE_CONFIGURATIONS, "b.yaml")));
    }

    @Test
    void drawsRandomConfigurationsReproduciblyInGridOrderAndRunsEachOncePerSeed() {
        List<PlannedTrial> first = planner.plan(random(4, 7));
        List<PlannedTrial> again = planner.plan(random(4, 7));
        List<String> grid = planner.plan(parser.parse(NINE_CONFIGURATIONS, "grid.yaml")).stream()
                .map(TrialPlannerTest::point)
                .toList();

        assertThat(first).isEqualTo(again).hasSize(8);
        List<String> points = first.stream().map(TrialPlannerTest::point).toList();
        assertThat(points).doesNotHaveDuplicates();
        assertThat(grid).containsSubsequence(points);
        for (int pair = 0; pair < 4; pair++) {
            assertThat(first.get(2 * pair).config().seed()).isEqualTo(3L);
            assertThat(first.get(2 * pair + 1).config().seed()).isEqualTo(1L);
        }
    }

    @Test
    void drawsDifferentConfigurationsForAnotherSeed() {
        assertThat(configurations(planner.plan(random(4, 7)))).isNotEqualTo(configurations(planner.plan(random(4, 8))));
    }

    @Test
    void keepsEverySmallerDrawInsideALargerOneWithTheSameSeed() {
        assertThat(configurations(planner.plan(random(6, 11))))
                .containsAll(configurations(planner.plan(random(3, 11))));
        assertThat(configurations(planner.plan(random(9, 11))))
                .containsExactlyElementsOf(configurations(planner.plan(parser.parse(NINE_CONFIGURATIONS, "g.yaml"))));
    }

    @Test
    void drawsEveryConfigurationEquallyOften() {
        // 10000 single draws out of 10: each count is binomial(10000, 0.1), mean 1000, standard deviation 30.
        int[] counts = new int[10];
        for (long seed = 0; seed < 10_000; seed++) {
            counts[TrialPlanner.draw(10, 1, seed)[0]]++;
        }
        assertThat(Arrays.stream(counts).boxed())
                .allSatisfy(count -> assertThat(count).isBetween(850, 1150));
    }

    @Test
    void rejectsARandomSearchLargerThanTheSpaceEvenWhenBuiltInCode() {
        SweepSpec valid = parser.parse(NINE_CONFIGURATIONS, "grid.yaml");
        SweepSpec tooLarge = valid.withSampler(new SamplerSpec("random", 10, 0L));

        ValidationException failure = catchThrowableOfType(ValidationException.class, () -> planner.plan(tooLarge));

        assertThat(failure.problems())
                .singleElement()
                .hasToString(
                        "sampler.n: must be between 1 and the 9 distinct configurations of the search space, was 10");
    }

    @Test
    void summarisesTrialsPerLabel() {
        PlanSummary summary = planner.summarize(planner.plan(parser.parse(NINE_CONFIGURATIONS, "grid.yaml")));

        assertThat(summary.total()).isEqualTo(18);
        assertThat(summary.labels())
                .containsExactly(
                        new PlanSummary.LabelCount("dense", "dense", 2),
                        new PlanSummary.LabelCount("comcat", "comcat", 6),
                        new PlanSummary.LabelCount("comcat-manual", "comcat", 2),
                        new PlanSummary.LabelCount("svd-matrix", "svd-matrix", 4),
                        new PlanSummary.LabelCount("head-prune", "head-prune", 4));
        assertThat(summary.trialsPerLabel())
                .containsExactly(
                        entry("dense", 2),
                        entry("comcat", 6),
                        entry("comcat-manual", 2),
                        entry("svd-matrix", 4),
                        entry("head-prune", 4));
    }

    private SweepSpec random(int n, long seed) {
        return parser.parse(
                NINE_CONFIGURATIONS + "sampler: {algorithm: random, n: " + n + ", seed: " + seed + "}\n",
                "random.yaml");
    }

    private static String point(PlannedTrial trial) {
        return trial.config().label() + "/" + trial.config().budget() + "/"
                + trial.config().seed();
    }

    private static List<String> configurations(List<PlannedTrial> trials) {
        return trials.stream()
                .map(trial -> trial.config().label() + "/" + trial.config().budget())
                .distinct()
                .toList();
    }

    private static List<Integer> range(int size) {
        return IntStream.range(0, size).boxed().toList();
    }
}
