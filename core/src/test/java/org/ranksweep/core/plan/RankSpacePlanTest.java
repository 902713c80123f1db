package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.WarmStartSpec;
import org.ranksweep.core.trial.TrialConfig;

/**
 * How the planner turns a comcat entry's per-layer rank candidates into points: {@code samples} distinct vectors, each
 * within the parameters of uniform comcat at the entry's budget (priced here by {@link ModelCost} on the plans
 * {@link BudgetAllocator} builds, independently of the sampler), deterministic for the entry's seed, each planned
 * exactly as the same explicit ranks would be.
 */
class RankSpacePlanTest {

    private static final String SIXTHS = "[4, 8, 12, 16, 20, 24]";
    private final SpecParser parser = new SpecParser();
    private final TrialPlanner planner = new TrialPlanner();

    @Test
    void everyDrawnVectorStaysWithinTheBudgetForManySeedsBudgetsAndArchitectures() {
        int checked = 0;
        for (VitShape shape : List.of(ModelCatalog.VIT_TINY_FMNIST, ModelCatalog.DEIT_TINY, ModelCatalog.DEIT_SMALL)) {
            List<Integer> candidates = IntStream.rangeClosed(1, 6)
                    .map(k -> Math.max(1, Math.round(k * shape.headWidth() / 6f)))
                    .boxed()
                    .toList();
            for (long seed = 0; seed < 12; seed++) {
                double budget = List.of(0.2, 0.35, 0.5, 0.75, 1.0).get((int) (seed % 5));
                int samples = 1 + (int) (seed % 7);
                String ranks = "{qk: {per-layer: " + candidates + "}, vo: {per-layer: " + candidates + "}}";
                List<TrialConfig> points = spacePoints(planner.plan(
                        parser.parse(spec(shape.name(), ranks, budget, samples, seed, "[0]", ""), "space.yaml")));

                long cap = uniformComcatParams(shape, budget);
                assertThat(points).as("%s seed %d", shape.name(), seed).hasSize(samples);
                assertThat(new HashSet<>(points.stream().map(TrialConfig::ranks).toList()))
                        .as("distinct")
                        .hasSize(samples);
                for (TrialConfig point : points) {
                    assertThat(params(shape, point.ranks()))
                            .as("%s seed %d budget %s %s", shape.name(), seed, budget, point.ranks())
                            .isLessThanOrEqualTo(cap);
                    assertThat(point.ranks().qk()).allMatch(candidates::contains);
                    assertThat(point.ranks().vo()).allMatch(candidates::contains);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void perBlockCandidatesAreRespectedAndEnumeratedSpacesStayWithinTheBudget() {
        VitShape shape = ModelCatalog.VIT_TINY_FMNIST;
        List<List<Integer>> qk = List.of(List.of(4, 24), List.of(8, 16), List.of(12), List.of(4, 8, 12, 16));
        String ranks = "{qk: {per-layer: " + qk + "}, vo: {per-layer: [6, 12, 18]}}";
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 30; round++) {
            double budget = 0.3 + 0.7 * random.nextDouble();
            List<TrialConfig> points = spacePoints(
                    planner.plan(parser.parse(spec(shape.name(), ranks, budget, 3, round, "[0]", ""), "space.yaml")));

            assertThat(points).hasSize(3);
            for (TrialConfig point : points) {
                assertThat(params(shape, point.ranks())).isLessThanOrEqualTo(uniformComcatParams(shape, budget));
                for (int block = 0; block < shape.depth(); block++) {
                    assertThat(qk.get(block)).contains(point.ranks().qk().get(block));
                    assertThat(List.of(6, 12, 18)).contains(point.ranks().vo().get(block));
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSamePlanAndOtherSeedsDrawOtherVectors() {
        String ranks = "{qk: {per-layer: " + SIXTHS + "}, vo: {per-layer: " + SIXTHS + "}}";
        List<List<RankSpec>> draws = new ArrayList<>();
        for (long seed = 0; seed < 5; seed++) {
            String text = spec("vit-tiny-fmnist", ranks, 0.5, 6, seed, "[0]", "");
            List<PlannedTrial> plan = planner.plan(parser.parse(text, "space.yaml"));
            assertThat(planner.plan(parser.parse(text, "again.yaml"))).isEqualTo(plan);
            draws.add(spacePoints(plan).stream().map(TrialConfig::ranks).toList());
        }
        assertThat(new HashSet<>(draws)).as("five seeds, five different draws").hasSize(5);
    }

    @Test
    void aLargerSampleKeepsTheVectorsOfASmallerOneWithTheSameSeed() {
        String ranks = "{qk: {per-layer: " + SIXTHS + "}, vo: {per-layer: " + SIXTHS + "}}";
        String small = "{qk: {per-layer: [8, 16]}, vo: {per-layer: [8, 16, 24]}}"; // 1296 vectors: enumerated
        for (String space : List.of(ranks, small)) {
            List<RankSpec> three = vectors(spec("vit-tiny-fmnist", space, 0.6, 3, 11, "[0]", ""));
            List<RankSpec> eight = vectors(spec("vit-tiny-fmnist", space, 0.6, 8, 11, "[0]", ""));
            assertThat(eight.subList(0, 3)).isEqualTo(three);
        }
    }

    @Test
    void eachVectorIsPlannedLikeTheSameExplicitRanksAndLabelledAsAPointOfTheSpace() {
        String ranks = "{qk: {per-layer: " + SIXTHS + "}, vo: {per-layer: " + SIXTHS + "}}";
        List<PlannedTrial> plan =
                planner.plan(parser.parse(spec("vit-tiny-fmnist", ranks, 0.5, 4, 0, "[0, 1]", ""), "space.yaml"));

        assertThat(plan)
                .extracting(trial -> trial.config().label())
                .containsExactly(
                        "dense",
                        "dense",
                        "dense-ft",
                        "dense-ft",
                        "comcat-space#0",
                        "comcat-space#0",
                        "comcat-space#1",
                        "comcat-space#1",
                        "comcat-space#2",
                        "comcat-space#2",
                        "comcat-space#3",
                        "comcat-space#3");
        for (TrialConfig point : spacePoints(plan)) {
            String explicit = spec("vit-tiny-fmnist", "", 1, 1, 0, "[" + point.seed() + "]", "")
                    .replaceAll(
                            "ranks: .*\\}",
                            "ranks: {qk: " + point.ranks().qk() + ", vo: "
                                    + point.ranks().vo() + "}}");
            TrialConfig same = planner.plan(parser.parse(explicit, "explicit.yaml")).stream()
                    .map(PlannedTrial::config)
                    .filter(config -> config.label().equals("comcat-space"))
                    .findFirst()
                    .orElseThrow();
            assertThat(new TrialConfig(
                            same.method(),
                            point.label(),
                            same.budget(),
                            same.ranks(),
                            same.importance(),
                            same.factorizeMlp(),
                            same.model(),
                            same.dataset(),
                            same.finetune(),
                            same.seed(),
                            same.resources()))
                    .isEqualTo(point);
            assertThat(point.method()).isEqualTo("comcat");
            assertThat(point.budget()).isNull();
            assertThat(point.rankSearch()).isNull();
        }
    }

    @Test
    void learningRatesMultiplyTheVectorsAndTheRandomSamplerDrawsAmongThem() {
        String ranks = "{qk: {per-layer: " + SIXTHS + "}, vo: {per-layer: " + SIXTHS + "}}";
        String lrs = "finetune: {lr: [1.0e-4, 5.0e-4]}\n";
        List<PlannedTrial> grid =
                planner.plan(parser.parse(spec("vit-tiny-fmnist", ranks, 0.5, 3, 0, "[0]", lrs), "space.yaml"));
        assertThat(spacePoints(grid))
                .extracting(TrialConfig::label)
                .containsExactly(
                        "comcat-space#0@lr=1e-4",
                        "comcat-space#0@lr=5e-4",
                        "comcat-space#1@lr=1e-4",
                        "comcat-space#1@lr=5e-4",
                        "comcat-space#2@lr=1e-4",
                        "comcat-space#2@lr=5e-4");

        // dense + 3 vectors = 4 configurations per rate, 8 in all: n = 8 is the grid, 9 is refused.
        String random = spec("vit-tiny-fmnist", ranks, 0.5, 3, 0, "[0]", lrs + "sampler: {algorithm: random, n: 8}\n");
        assertThat(spacePoints(planner.plan(parser.parse(random, "random.yaml"))))
                .isEqualTo(spacePoints(grid));
        assertThat(catchProblems(random.replace("n: 8", "n: 9")))
                .contains("sampler.n: 9 exceeds the 8 distinct configurations of the search space (budgets and"
                        + " explicit ranks of every method, times the 2 fine-tuning learning rates)");
    }

    @Test
    void theSpaceLeavesTheOtherEntriesTrialsAndHashesAsTheyWere() {
        String without = """
                name: mixed
                dataset: {name: synthetic}
                model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 128}}}
                methods:
                  - {name: dense}
                  - {name: comcat, budget: [0.5, 0.25]}
                  - {name: comcat, label: manual, ranks: {qk: [8, 8, 4, 4], vo: 6}}
                seeds: [0, 1]
                """;
        String with = without.replace(
                "methods:\n",
                "methods:\n  - {name: comcat, label: space, ranks: {qk: {per-layer: [4, 12, 24]}, vo: {per-layer:"
                        + " [4, 12, 24]}}, budget: 0.5, samples: 5}\n");

        List<String> before = hashes(planner.plan(parser.parse(without, "without.yaml")));
        List<String> after = hashes(planner.plan(parser.parse(with, "with.yaml")));

        assertThat(after).hasSize(before.size() + 5 * 2);
        assertThat(after.stream().filter(line -> !line.startsWith("space#")).toList())
                .containsExactlyElementsOf(before);
    }

    @Test
    void aSpectrumWarmStartAddsOnePointPerRateWhoseConfigCarriesTheCandidatesAndTheBudget() {
        String ranks = "{qk: {per-layer: " + SIXTHS + "}, vo: {per-layer: [[4, 8], [4, 8], [12, 24], [12, 24]]}}";
        String lrs = "finetune: {lr: [1.0e-4, 5.0e-4]}\n";
        String cold = spec("vit-tiny-fmnist", ranks, 0.5, 2, 3, "[0, 1]", lrs);
        String warm = cold.replace("seed: 3}", "seed: 3, warmStart: spectrum}");
        List<PlannedTrial> coldPlan = planner.plan(parser.parse(cold, "cold.yaml"));
        List<PlannedTrial> warmPlan = planner.plan(parser.parse(warm, "warm.yaml"));

        assertThat(spacePoints(warmPlan))
                .extracting(TrialConfig::label)
                .containsExactly(
                        "comcat-space#0@lr=1e-4",
                        "comcat-space#0@lr=1e-4",
                        "comcat-space#0@lr=5e-4",
                        "comcat-space#0@lr=5e-4",
                        "comcat-space#1@lr=1e-4",
                        "comcat-space#1@lr=1e-4",
                        "comcat-space#1@lr=5e-4",
                        "comcat-space#1@lr=5e-4",
                        "comcat-space#spectrum@lr=1e-4",
                        "comcat-space#spectrum@lr=1e-4",
                        "comcat-space#spectrum@lr=5e-4",
                        "comcat-space#spectrum@lr=5e-4");
        List<TrialConfig> spectrum = spacePoints(warmPlan).stream()
                .filter(config -> config.label().startsWith("comcat-space#spectrum"))
                .toList();
        WarmStartSpec expected = new WarmStartSpec(
                "spectrum",
                Collections.nCopies(4, List.of(4, 8, 12, 16, 20, 24)),
                List.of(List.of(4, 8), List.of(4, 8), List.of(12, 24), List.of(12, 24)),
                0.5);
        for (TrialConfig point : spectrum) {
            assertThat(point.method()).isEqualTo("comcat");
            assertThat(point.budget()).as("the cap travels in the warm start").isNull();
            assertThat(point.ranks()).as("chosen on the worker").isNull();
            assertThat(point.rankSearch()).isNull();
            assertThat(point.factorizeMlp()).isFalse();
            assertThat(point.warmStart()).isEqualTo(expected);
            assertThat(Json.read(Json.write(point), TrialConfig.class)).isEqualTo(point);
        }
        assertThat(spectrum).extracting(TrialConfig::seed).containsExactly(0L, 1L, 0L, 1L);
        // The drawn vectors and every other trial keep their configs and hashes; only they lack a warm start.
        assertThat(hashes(warmPlan).stream()
                        .filter(line -> !line.startsWith("comcat-space#spectrum"))
                        .toList())
                .containsExactlyElementsOf(hashes(coldPlan));
        assertThat(warmPlan.stream()
                        .map(PlannedTrial::config)
                        .filter(config -> !config.label().startsWith("comcat-space#spectrum"))
                        .map(Json::write))
                .noneMatch(json -> json.contains("warmStart"));
    }

    @Test
    void theRandomSamplerCountsTheWarmStartAsOneMoreConfiguration() {
        String ranks = "{qk: {per-layer: " + SIXTHS + "}, vo: {per-layer: " + SIXTHS + "}}";
        // dense + 3 vectors + the spectrum point = 5 configurations: n = 5 is the grid, 6 is refused.
        String random = spec("vit-tiny-fmnist", ranks, 0.5, 3, 0, "[0]", "sampler: {algorithm: random, n: 5}\n")
                .replace("seed: 0}", "seed: 0, warmStart: spectrum}");
        assertThat(spacePoints(planner.plan(parser.parse(random, "random.yaml"))))
                .extracting(TrialConfig::label)
                .containsExactly("comcat-space#0", "comcat-space#1", "comcat-space#2", "comcat-space#spectrum");
        assertThat(catchProblems(random.replace("n: 5", "n: 6")))
                .contains("sampler.n: 6 exceeds the 5 distinct configurations of the search space (budgets and"
                        + " explicit ranks of every method)");
    }

    /** Every drawn vector's trials: labels with a {@code #}. */
    private static List<TrialConfig> spacePoints(List<PlannedTrial> plan) {
        return plan.stream()
                .map(PlannedTrial::config)
                .filter(config -> config.label().contains("#"))
                .toList();
    }

    private List<RankSpec> vectors(String text) {
        return spacePoints(planner.plan(parser.parse(text, "space.yaml"))).stream()
                .map(TrialConfig::ranks)
                .toList();
    }

    private static List<String> hashes(List<PlannedTrial> plan) {
        return plan.stream()
                .map(trial -> trial.config().label() + " " + trial.contentHash())
                .toList();
    }

    private List<String> catchProblems(String text) {
        try {
            parser.parse(text, "bad.yaml");
            return List.of();
        } catch (ValidationException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
    }

    /** Dense and a comcat entry labelled comcat-space with these ranks, budget, samples and seed. */
    private static String spec(
            String arch, String ranks, double budget, int samples, long seed, String seeds, String extra) {
        return "name: space\n"
                + "dataset: {name: synthetic}\n"
                + "model: {arch: " + arch + ", base: {train: {epochs: 1, lr: 1.0e-3, batch: 128}}}\n"
                + "methods:\n"
                + "  - {name: dense}\n"
                + "  - {name: comcat, label: comcat-space, ranks: " + ranks + ", budget: " + budget + ", samples: "
                + samples + ", seed: " + seed + "}\n"
                + "seeds: " + seeds + "\n"
                + extra;
    }

    private static long params(VitShape shape, RankSpec ranks) {
        return ModelCost.of(BudgetAllocator.comcatRanks(shape, ranks)).params();
    }

    private static long uniformComcatParams(VitShape shape, double budget) {
        return ModelCost.of(BudgetAllocator.comcat(shape, budget)).params();
    }
}
