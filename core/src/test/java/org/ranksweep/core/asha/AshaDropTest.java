package org.ranksweep.core.asha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.pareto.Goal;

/** A trial that fails for good leaves ASHA's running set, so its bracket can still end. */
class AshaDropTest {

    private static final AshaConfig CONFIG = new AshaConfig(1, 9, 3);
    private static final ResultRanker RANKER = ResultRanker.single("top1", Goal.MAX);

    @Test
    void aDroppedTrialLetsTheBracketEndAndPruneTheWaitingOnes() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 3, RANKER);
        for (int trial = 0; trial < 3; trial++) {
            assertThat(scheduler.next()).containsInstanceOf(AshaDecision.Started.class);
        }
        assertThat(scheduler.report(new RungResult(0, 0, Map.of("top1", 0.5)))).isEmpty();
        assertThat(scheduler.report(new RungResult(1, 0, Map.of("top1", 0.7)))).isEmpty();
        assertThat(scheduler.isFinished()).isFalse();

        // Two results at rung 0 promote ⌊2/3⌋ = 0 trials: once trial 2 is gone, nothing can happen any more.
        List<AshaDecision> decisions = scheduler.drop(2, "failed");

        assertThat(decisions).extracting(AshaDecision::trialId).containsExactly(1, 0);
        assertThat(decisions).allMatch(d -> d instanceof AshaDecision.Pruned p && p.rung() == 0);
        assertThat(scheduler.isFinished()).isTrue();
        assertThat(scheduler.placement(2).orElseThrow().runningRung()).isEmpty();
    }

    @Test
    void aReplayedHistoryWithADropDecidesTheSame() {
        AshaScheduler original = AshaScheduler.asha(CONFIG, 4, RANKER);
        for (int trial = 0; trial < 4; trial++) {
            original.next();
        }
        original.report(new RungResult(0, 0, Map.of("top1", 0.5)));
        original.drop(1, "cancelled");
        original.report(new RungResult(2, 0, Map.of("top1", 0.9)));

        AshaScheduler restarted = AshaScheduler.replay(CONFIG, 4, RANKER, false, original.history());

        assertThat(restarted.history()).isEqualTo(original.history());
        assertThat(restarted.report(new RungResult(3, 0, Map.of("top1", 0.1))))
                .isEqualTo(original.report(new RungResult(3, 0, Map.of("top1", 0.1))));
        assertThat(restarted.next()).isEqualTo(original.next());
        assertThat(restarted.placement(2).orElseThrow().runningRung()).contains(1);
    }

    @Test
    void everyKindOfHistoryEntryReadsBackFromItsJsonEqual() {
        AshaScheduler scheduler = AshaScheduler.asha(CONFIG, 3, RANKER);
        for (int trial = 0; trial < 3; trial++) {
            scheduler.next();
        }
        scheduler.report(new RungResult(0, 0, Map.of("top1", 0.9, "params", 10.0)));
        scheduler.report(new RungResult(1, 0, Map.of("top1", 0.5, "params", 10.0)));
        scheduler.report(new RungResult(2, 0, Map.of("top1", 0.4, "params", 10.0)));
        scheduler.next();
        scheduler.drop(0, "failed");
        List<AshaEvent> history = scheduler.history();
        assertThat(history.stream().map(e -> e.getClass().getSimpleName()).distinct())
                .containsExactlyInAnyOrder("Started", "Reported", "Promoted", "Dropped", "Pruned");

        assertThat(history.stream().map(Json::write).map(json -> Json.read(json, AshaEvent.class)))
                .containsExactlyElementsOf(history);
    }
}
