package org.ranksweep.core.asha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ConflictException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.pareto.Goal;

class AshaSchedulerTest {

    private static final AshaConfig CONFIG = new AshaConfig(1, 9, 3);

    @Test
    void rungsAreMinTimesEtaToThePowerK() {
        assertThat(CONFIG.resources()).containsExactly(1, 3, 9);
        assertThat(new AshaConfig(2, 16, 2).resources()).containsExactly(2, 4, 8, 16);
        assertThat(new AshaConfig(9, 9, 3).resources()).containsExactly(9);
    }

    @Test
    void rejectsAMaxNotOnTheLadderNamingTheField() {
        assertThatThrownBy(() -> new AshaConfig(1, 10, 3))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("max")
                .hasMessageContaining("10");
        assertThatThrownBy(() -> new AshaConfig(1, 9, 1))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("eta");
    }

    @Test
    void ashaDecidesWhatTheReferenceDecidesInRandomArrivalOrders() {
        for (long seed = 0; seed < 60; seed++) {
            simulate(seed, false);
        }
    }

    @Test
    void hyperbandDecidesWhatTheReferenceDecidesInRandomArrivalOrders() {
        for (long seed = 100; seed < 140; seed++) {
            simulate(seed, true);
        }
    }

    /** Rungs of hundreds of results, where new results keep landing among those already promoted. */
    @Test
    void ashaDecidesWhatTheReferenceDecidesOnLargeRungs() {
        for (long seed = 200; seed < 203; seed++) {
            simulate(seed, false, 729);
        }
    }

    @Test
    void promotesAsSoonAsATrialIsInTheTopThirdWithoutWaitingForTheRung() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 27, ResultRanker.single("top1", Goal.MAX));
        for (int trial = 0; trial < 3; trial++) {
            assertThat(scheduler.next()).contains(new AshaDecision.Started(trial, 0, 0, 1));
        }
        assertThat(scheduler.report(result(0, 0, 0.5))).isEmpty();
        assertThat(scheduler.report(result(1, 0, 0.7))).isEmpty();
        // Two results: ⌊2/3⌋ = 0 may go up, so a new trial starts.
        assertThat(scheduler.next()).contains(new AshaDecision.Started(3, 0, 0, 1));
        scheduler.report(result(2, 0, 0.6));
        // Three results: the best (trial 1) goes to rung 1 (3 epochs), ranked 1 of 3 there.
        AshaDecision promoted = scheduler.next().orElseThrow();
        assertThat(promoted).isEqualTo(new AshaDecision.Promoted(1, 0, 1, 3, 1, 3));
    }

    @Test
    void hyperbandStartsTrialsRoundRobinInBracketsWithLargerMinimumResources() {
        AshaScheduler scheduler = AshaScheduler.hyperband(CONFIG, 4, ResultRanker.single("top1", Goal.MAX));
        // Bracket s starts at 3^s epochs: 1, 3, 9; the fourth trial goes back to bracket 0.
        assertThat(scheduler.next()).contains(new AshaDecision.Started(0, 0, 0, 1));
        assertThat(scheduler.next()).contains(new AshaDecision.Started(1, 1, 0, 3));
        assertThat(scheduler.next()).contains(new AshaDecision.Started(2, 2, 0, 9));
        assertThat(scheduler.next()).contains(new AshaDecision.Started(3, 0, 0, 1));
        // Bracket 2 has a single rung: its trial completes with its first report.
        assertThat(scheduler.report(result(2, 0, 0.4))).containsExactly(new AshaDecision.Completed(2, 2, 0, 1, 1));
        // Bracket 1's only trial waits alone in its bottom rung (⌊1/3⌋ = 0): once nothing runs there, it is pruned.
        assertThat(scheduler.report(result(1, 0, 0.9)))
                .extracting(AshaSchedulerTest::describe)
                .containsExactly("prune 1 1 0");
        assertThat(scheduler.isFinished()).isFalse();
    }

    @Test
    void minimisingGoalPromotesTheLowestValueAndBreaksTiesByTrialId() {
        AshaScheduler scheduler = AshaScheduler.asha(new AshaConfig(1, 2, 2), 4, ResultRanker.single("loss", Goal.MIN));
        for (int trial = 0; trial < 4; trial++) {
            scheduler.next();
        }
        scheduler.report(new RungResult(3, 0, Map.of("loss", 0.2)));
        scheduler.report(new RungResult(1, 0, Map.of("loss", 0.2)));
        assertThat(scheduler.next().orElseThrow().trialId()).isEqualTo(1);
        scheduler.report(new RungResult(0, 0, Map.of("loss", 0.9)));
        scheduler.report(new RungResult(2, 0, Map.of("loss", 0.1)));
        assertThat(scheduler.next().orElseThrow().trialId()).isEqualTo(2);
        assertThat(scheduler.next()).isEmpty();
    }

    @Test
    void rejectsAReportAtARungTheTrialIsNotRunning() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 3, ResultRanker.single("top1", Goal.MAX));
        scheduler.next();
        assertThatThrownBy(() -> scheduler.report(result(0, 1, 0.5)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("trial 0");
        assertThatThrownBy(() -> scheduler.report(result(7, 0, 0.5))).hasMessageContaining("trial 7");
    }

    /**
     * Runs the configurations (27 unless given) on 1–4 workers whose jobs finish in a seeded random order, asking the scheduler and
     * the reference for work in lockstep; all decisions and the final prunings must agree.
     */
    private static void simulate(long seed, boolean hyperband) {
        simulate(seed, hyperband, 27);
    }

    private static void simulate(long seed, boolean hyperband, int configurations) {
        Random random = new Random(seed);
        int workers = 1 + random.nextInt(4);
        double[] ceiling = new double[configurations];
        double[] speed = new double[configurations];
        for (int trial = 0; trial < configurations; trial++) {
            ceiling[trial] = Math.round(random.nextDouble() * 20) / 20.0; // ties happen
            speed[trial] = 0.5 + random.nextDouble() * 3;
        }
        AshaScheduler scheduler = hyperband
                ? AshaScheduler.hyperband(CONFIG, configurations, ResultRanker.single("top1", Goal.MAX))
                : AshaScheduler.asha(CONFIG, configurations, ResultRanker.single("top1", Goal.MAX));
        ReferenceAsha reference = new ReferenceAsha(3, 3, configurations, hyperband);
        List<Integer> running = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        List<String> pruned = new ArrayList<>();
        List<String> expectedCompleted = new ArrayList<>();
        while (true) {
            while (running.size() < workers) {
                Optional<AshaDecision> work = scheduler.next();
                String expected = reference.getJob();
                assertThat(work.map(AshaSchedulerTest::describe).orElse(null))
                        .as("seed %d", seed)
                        .isEqualTo(expected);
                if (work.isEmpty()) {
                    break;
                }
                running.add(work.get().trialId());
            }
            if (running.isEmpty()) {
                break;
            }
            int trial = running.remove(random.nextInt(running.size()));
            int rung = reference.runningRungOf(trial);
            int epochs = 9 / (int) Math.pow(3, (hyperband ? 2 - trial % 3 : 2) - rung);
            // A known learning curve: approaches the trial's ceiling at its own speed.
            double top1 = ceiling[trial] * (1 - Math.exp(-epochs / speed[trial]));
            String expectedDone = reference.report(trial, top1);
            if (expectedDone != null) {
                expectedCompleted.add(expectedDone);
            }
            for (AshaDecision decision : scheduler.report(result(trial, rung, top1))) {
                (decision instanceof AshaDecision.Pruned ? pruned : completed).add(describe(decision));
            }
        }
        assertThat(scheduler.isFinished()).isTrue();
        assertThat(completed).as("seed %d", seed).isEqualTo(expectedCompleted);
        assertThat(pruned).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(reference.prunedAtEnd());
        assertThat(completed.size() + pruned.size()).isEqualTo(configurations);
        assertThat(completed).isNotEmpty();
        assertThat(pruned).isNotEmpty();
    }

    static String describe(AshaDecision decision) {
        if (decision instanceof AshaDecision.Started s) {
            return "start " + s.trialId() + " " + s.bracket();
        } else if (decision instanceof AshaDecision.Promoted p) {
            return "promote " + p.trialId() + " " + p.bracket() + " " + p.rung();
        } else if (decision instanceof AshaDecision.Completed c) {
            return "complete " + c.trialId() + " " + c.bracket();
        }
        return "prune " + decision.trialId() + " " + decision.bracket() + " " + ((AshaDecision.Pruned) decision).rung();
    }

    static RungResult result(int trialId, int rung, double top1) {
        return new RungResult(trialId, rung, Map.of("top1", top1));
    }
}
