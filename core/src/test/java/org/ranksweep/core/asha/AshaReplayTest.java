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
import org.ranksweep.core.pareto.Goal;

class AshaReplayTest {

    private static final AshaConfig CONFIG = new AshaConfig(1, 9, 3);
    private static final ResultRanker RANKER = ResultRanker.single("top1", Goal.MAX);

    @Test
    void aSchedulerRebuiltFromItsHistoryDecidesTheSameAsTheOriginal() {
        for (long seed = 0; seed < 20; seed++) {
            for (boolean hyperband : new boolean[] {false, true}) {
                Random random = new Random(seed);
                AshaScheduler original = create(hyperband);
                List<Integer> running = new ArrayList<>();
                int cut = 10 + random.nextInt(30);
                for (int step = 0; step < cut; step++) {
                    step(original, running, new Random(seed * 1000 + step));
                }
                AshaScheduler restarted = AshaScheduler.replay(CONFIG, 27, RANKER, hyperband, original.history());
                assertThat(restarted.history()).isEqualTo(original.history());
                List<Integer> runningCopy = new ArrayList<>(running);
                for (int step = cut; !original.isFinished(); step++) {
                    List<AshaDecision> fromOriginal = step(original, running, new Random(seed * 1000 + step));
                    List<AshaDecision> fromRestarted = step(restarted, runningCopy, new Random(seed * 1000 + step));
                    assertThat(fromRestarted).as("seed %d step %d", seed, step).isEqualTo(fromOriginal);
                }
                assertThat(restarted.isFinished()).isTrue();
                assertThat(restarted.history()).isEqualTo(original.history());
            }
        }
    }

    @Test
    void aHistoryThatDoesNotFollowFromTheSettingsIsRejected() {
        AshaScheduler original = create(false);
        List<Integer> running = new ArrayList<>();
        Random random = new Random(3);
        for (int step = 0; step < 30; step++) {
            step(original, running, random);
        }
        // With η = 2 instead of 3 the same reports promote other trials earlier.
        assertThatThrownBy(() -> AshaScheduler.replay(new AshaConfig(1, 8, 2), 27, RANKER, false, original.history()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("history entry");
    }

    static AshaScheduler create(boolean hyperband) {
        return hyperband ? AshaScheduler.hyperband(CONFIG, 27, RANKER) : AshaScheduler.asha(CONFIG, 27, RANKER);
    }

    /** Fills three workers, then one random running job reports a value drawn from the same random. */
    static List<AshaDecision> step(AshaScheduler scheduler, List<Integer> running, Random random) {
        List<AshaDecision> decisions = new ArrayList<>();
        while (running.size() < 3) {
            Optional<AshaDecision> work = scheduler.next();
            if (work.isEmpty()) {
                break;
            }
            decisions.add(work.get());
            running.add(work.get().trialId());
        }
        if (!running.isEmpty()) {
            int trial = running.remove(random.nextInt(running.size()));
            int rung = rungOf(scheduler, trial);
            decisions.addAll(scheduler.report(new RungResult(trial, rung, Map.of("top1", random.nextDouble()))));
        }
        return decisions;
    }

    /** The rung a running trial is at, read from the history: its last start or promotion. */
    private static int rungOf(AshaScheduler scheduler, int trial) {
        List<AshaEvent> history = scheduler.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof AshaDecision.Promoted p && p.trialId() == trial) {
                return p.rung();
            }
            if (history.get(i) instanceof AshaDecision.Started s && s.trialId() == trial) {
                return s.rung();
            }
        }
        throw new IllegalStateException("trial " + trial + " never started");
    }
}
