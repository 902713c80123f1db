package org.ranksweep.core.rankspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankSpec;

class ConstrainedRankSamplerTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final List<Integer> SIXTHS = List.of(4, 8, 12, 16, 20, 24);

    @Test
    void sampledVectorsNeverExceedTheBudget() {
        RankSpace space = RankSpace.defaults(TINY); // 6^8 vectors: sampled and repaired
        long dense = ModelCost.of(ModelPlan.dense(TINY)).params();
        long smallest = price(TINY, uniform(TINY, 4, 4));
        for (long seed = 0; seed < 100; seed++) {
            long budget = smallest + new SplittableRandom(seed).nextLong(dense - smallest);
            ConstrainedRankSampler sampler = new ConstrainedRankSampler(space, budget);
            assertThat(sampler.enumerates()).isFalse();
            for (RankSpec ranks : sampler.sample(seed, 5)) {
                assertThat(price(TINY, ranks)).as("seed %d", seed).isLessThanOrEqualTo(budget);
                assertThat(ranks.qk()).allMatch(SIXTHS::contains);
                assertThat(ranks.vo()).allMatch(SIXTHS::contains);
            }
        }
    }

    @Test
    void deitSmallVectorsStayWithinABudgetMidwayBetweenTheSmallestAndLargestRanks() {
        VitShape shape = ModelCatalog.DEIT_SMALL;
        long budget = (price(shape, uniform(shape, 64, 64)) + price(shape, uniform(shape, 11, 11))) / 2;
        ConstrainedRankSampler sampler = new ConstrainedRankSampler(RankSpace.defaults(shape), budget);
        for (RankSpec ranks : sampler.sample(42, 10)) {
            assertThat(price(shape, ranks)).isLessThanOrEqualTo(budget);
        }
    }

    @Test
    void repairIsMinimal() {
        RankSpace space = RankSpace.uniform(TINY, SIXTHS, SIXTHS);
        long dense = price(TINY, uniform(TINY, 24, 24));
        long smallest = price(TINY, uniform(TINY, 4, 4));
        SplittableRandom random = new SplittableRandom(9);
        for (int round = 0; round < 300; round++) {
            long budget = smallest + random.nextLong(dense - smallest + 1);
            ConstrainedRankSampler sampler = new ConstrainedRankSampler(space, budget);
            RankSpec target = randomVector(random);
            RankSpec repaired = sampler.repair(target);
            assertThat(price(TINY, repaired)).isLessThanOrEqualTo(budget);
            if (price(TINY, target) <= budget) {
                assertThat(repaired).isEqualTo(target);
            }
            List<Integer> targetRanks = flat(target);
            List<Integer> repairedRanks = flat(repaired);
            for (int c = 0; c < targetRanks.size(); c++) {
                assertThat(repairedRanks.get(c)).isLessThanOrEqualTo(targetRanks.get(c));
                if (repairedRanks.get(c) < targetRanks.get(c)) {
                    // One candidate step back up on this coordinate alone would break the budget.
                    List<Integer> raised = new ArrayList<>(repairedRanks);
                    raised.set(c, SIXTHS.get(SIXTHS.indexOf(repairedRanks.get(c)) + 1));
                    assertThat(price(TINY, unflat(raised)))
                            .as("round %d coordinate %d", round, c)
                            .isGreaterThan(budget);
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameVectors() {
        ConstrainedRankSampler sampler = new ConstrainedRankSampler(RankSpace.defaults(TINY), 200_000);
        assertThat(sampler.sample(7, 30)).isEqualTo(sampler.sample(7, 30));
        assertThat(new ConstrainedRankSampler(RankSpace.defaults(TINY), 200_000).sample(7, 30))
                .isEqualTo(sampler.sample(7, 30));
        assertThat(sampler.sample(8, 30)).isNotEqualTo(sampler.sample(7, 30));
    }

    @Test
    void aSmallSpaceIsEnumeratedAndSampledAcrossAllItsFeasibleVectors() {
        // qk searched over {4, 12, 24} in each of the 4 blocks, vo fixed at 24: 81 vectors.
        RankSpace space = RankSpace.uniform(TINY, List.of(4, 12, 24), List.of(24));
        long budget = price(TINY, new RankSpec(List.of(24, 12, 12, 4), List.of(24, 24, 24, 24)));
        ConstrainedRankSampler sampler = new ConstrainedRankSampler(space, budget);
        assertThat(sampler.enumerates()).isTrue();
        Set<RankSpec> feasible = new HashSet<>();
        for (int code = 0; code < 81; code++) {
            List<Integer> qk = new ArrayList<>();
            for (int block = 0, rest = code; block < 4; block++, rest /= 3) {
                qk.add(List.of(4, 12, 24).get(rest % 3));
            }
            RankSpec ranks = new RankSpec(qk, List.of(24, 24, 24, 24));
            if (price(TINY, ranks) <= budget) {
                feasible.add(ranks);
            }
        }
        assertThat(feasible).hasSizeBetween(2, 80);
        assertThat(new HashSet<>(sampler.sample(1, 2000))).isEqualTo(feasible);
    }

    @Test
    void distinctDrawsAreDistinctWithinTheBudgetAndStopAtWhatTheSpaceHolds() {
        RankSpace large = RankSpace.uniform(TINY, SIXTHS, SIXTHS);
        ConstrainedRankSampler repairing = ConstrainedRankSampler.forBudget(large, 0.5);
        assertThat(repairing.maxParams())
                .isEqualTo(ModelCost.of(BudgetAllocator.comcat(TINY, 0.5)).params());
        List<RankSpec> drawn = repairing.distinct(5, 40);
        assertThat(new HashSet<>(drawn)).hasSize(40);
        assertThat(drawn).allMatch(ranks -> price(TINY, ranks) <= repairing.maxParams());

        // qk over {4, 12, 24}, vo fixed: 81 vectors, of which the budget keeps some.
        RankSpace small = RankSpace.uniform(TINY, List.of(4, 12, 24), List.of(24));
        ConstrainedRankSampler enumerating = new ConstrainedRankSampler(
                small, price(TINY, new RankSpec(List.of(24, 12, 12, 4), List.of(24, 24, 24, 24))));
        Set<RankSpec> feasible = new HashSet<>(enumerating.sample(1, 2000));
        assertThat(enumerating.distinct(3, 1000))
                .hasSize(feasible.size())
                .containsExactlyInAnyOrderElementsOf(feasible);
        assertThat(enumerating.distinct(3, 5))
                .isEqualTo(enumerating.distinct(3, 1000).subList(0, 5));

        // A budget that only the smallest ranks meet: one vector however many are asked for.
        ConstrainedRankSampler tight = new ConstrainedRankSampler(large, ConstrainedRankSampler.smallestParams(large));
        assertThat(tight.distinct(0, 3)).containsExactly(uniform(TINY, 4, 4));
    }

    @Test
    void theSamplersPriceTableAgreesWithModelCostOnEveryVectorOfASpace() {
        // Per-block candidates differ, so a table indexed wrongly by block or by qk/vo would show.
        RankSpace space = new RankSpace(
                TINY,
                List.of(List.of(1, 24), List.of(3, 9), List.of(5), List.of(2, 20)),
                List.of(List.of(7, 11), List.of(24), List.of(4, 6, 8), List.of(1, 2)));
        ConstrainedRankSampler loose = new ConstrainedRankSampler(space, Long.MAX_VALUE);
        assertThat(loose.enumerates()).isTrue();
        Set<RankSpec> every = new HashSet<>(loose.sample(0, 3000));
        assertThat(every).hasSize((int) space.size());
        List<Long> prices =
                every.stream().map(ranks -> price(TINY, ranks)).sorted().toList();
        // The median price as a budget: the enumerated feasible set is exactly the vectors ModelCost keeps.
        long budget = prices.get(prices.size() / 2);
        ConstrainedRankSampler halved = new ConstrainedRankSampler(space, budget);
        Set<RankSpec> kept = new HashSet<>(halved.distinct(0, every.size()));
        assertThat(kept)
                .isEqualTo(every.stream()
                        .filter(ranks -> price(TINY, ranks) <= budget)
                        .collect(Collectors.toSet()));
    }

    @Test
    void aWarmStartGivesRanksProportionalToEnergyThenRepairs() {
        RankSpace space = RankSpace.uniform(TINY, SIXTHS, SIXTHS);
        ConstrainedRankSampler loose = new ConstrainedRankSampler(space, Long.MAX_VALUE);
        double[] qkEnergy = {1.0, 0.5, 0.25, 0.0}; // 24, 12, 6 (4 and 8 equally near: 8), 0 (nearest 4)
        double[] voEnergy = {1.0, 1.0, 1.0, 1.0};
        assertThat(loose.warmStart(qkEnergy, voEnergy))
                .isEqualTo(new RankSpec(List.of(24, 12, 8, 4), List.of(24, 24, 24, 24)));
        long budget = price(TINY, uniform(TINY, 12, 12));
        RankSpec tight = new ConstrainedRankSampler(space, budget).warmStart(qkEnergy, voEnergy);
        assertThat(price(TINY, tight)).isLessThanOrEqualTo(budget);
        assertThat(tight.qk().get(3)).isEqualTo(4);
    }

    @Test
    void aWarmStartScalesEveryRankByOneFactorSoThatItFitsAndFollowsTheEnergies() {
        RankSpace space = RankSpace.uniform(TINY, SIXTHS, SIXTHS);
        long budget = price(TINY, uniform(TINY, 12, 12));
        ConstrainedRankSampler sampler = new ConstrainedRankSampler(space, budget);
        ConstrainedRankSampler loose = new ConstrainedRankSampler(space, Long.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            double[] qkEnergy = random.doubles(4, 0, 20).toArray();
            double[] voEnergy = random.doubles(4, 0, 20).toArray();
            List<Integer> chosen = concat(sampler.warmStart(qkEnergy, voEnergy));
            List<Integer> unscaled = concat(loose.warmStart(qkEnergy, voEnergy));
            double[] energy = DoubleStream.concat(Arrays.stream(qkEnergy), Arrays.stream(voEnergy))
                    .toArray();
            for (int a = 0; a < energy.length; a++) {
                for (int b = 0; b < energy.length; b++) {
                    if (energy[a] > energy[b]) {
                        assertThat(chosen.get(a)).isGreaterThanOrEqualTo(chosen.get(b));
                    }
                }
                assertThat(chosen.get(a)).isLessThanOrEqualTo(unscaled.get(a));
            }
            assertThat(price(TINY, sampler.warmStart(qkEnergy, voEnergy))).isLessThanOrEqualTo(budget);
        }
        // Nearly equal energies give nearly equal ranks, not a vector skewed by the order of a repair.
        double[] even = {16.0, 16.0, 16.0, 15.25};
        assertThat(sampler.warmStart(even, new double[] {15.75, 16.0, 16.5, 16.0}))
                .isEqualTo(uniform(TINY, 12, 12));
        assertThat(sampler.warmStart(new double[4], new double[4])).isEqualTo(uniform(TINY, 4, 4));
    }

    private static List<Integer> concat(RankSpec ranks) {
        List<Integer> all = new ArrayList<>(ranks.qk());
        all.addAll(ranks.vo());
        return all;
    }

    @Test
    void rejectsABudgetBelowTheSmallestVectorAndBadEnergiesNamingTheField() {
        RankSpace space = RankSpace.uniform(TINY, SIXTHS, SIXTHS);
        assertThatThrownBy(() -> new ConstrainedRankSampler(space, 1000))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("maxParams");
        ConstrainedRankSampler sampler = new ConstrainedRankSampler(space, Long.MAX_VALUE);
        assertThatThrownBy(() -> sampler.warmStart(new double[] {1, 1, -1, 1}, new double[] {1, 1, 1, 1}))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("qkEnergy[2]");
        assertThatThrownBy(() -> RankSpace.uniform(TINY, List.of(4, 30), SIXTHS))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("ranks.qk[0]")
                .hasMessageContaining("30");
    }

    private static long price(VitShape shape, RankSpec ranks) {
        return ModelCost.of(BudgetAllocator.comcatRanks(shape, ranks)).params();
    }

    private static RankSpec uniform(VitShape shape, int qk, int vo) {
        return new RankSpec(
                java.util.Collections.nCopies(shape.depth(), qk), java.util.Collections.nCopies(shape.depth(), vo));
    }

    private static RankSpec randomVector(SplittableRandom random) {
        List<Integer> qk = new ArrayList<>();
        List<Integer> vo = new ArrayList<>();
        for (int block = 0; block < TINY.depth(); block++) {
            qk.add(SIXTHS.get(random.nextInt(SIXTHS.size())));
            vo.add(SIXTHS.get(random.nextInt(SIXTHS.size())));
        }
        return new RankSpec(qk, vo);
    }

    private static List<Integer> flat(RankSpec ranks) {
        List<Integer> all = new ArrayList<>(ranks.qk());
        all.addAll(ranks.vo());
        return all;
    }

    private static RankSpec unflat(List<Integer> all) {
        return new RankSpec(all.subList(0, TINY.depth()), all.subList(TINY.depth(), all.size()));
    }
}
