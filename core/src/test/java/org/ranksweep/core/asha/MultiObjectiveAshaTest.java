package org.ranksweep.core.asha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.core.pareto.ParetoRanking;

class MultiObjectiveAshaTest {

    private static final List<Objective> OBJECTIVES =
            List.of(new Objective("top1", Goal.MAX), new Objective("params", Goal.MIN));

    @Test
    void promotesByFrontThenCrowdingDistance() {
        List<List<Standing>> told = new ArrayList<>();
        AshaBracket bracket = new AshaBracket(
                0, List.of(1, 2), 2, ResultRanker.pareto(OBJECTIVES), (decision, standings) -> told.add(standings));
        for (int trial = 0; trial < 4; trial++) {
            bracket.start(trial);
        }
        bracket.report(result(0, 0.5, 100));
        bracket.report(result(1, 0.7, 300));
        // Two results, ⌊2/2⌋ = 1 goes up. Both are on front 0 and both are ends (infinite crowding): trial id 0.
        assertThat(bracket.promote().orElseThrow().trialId()).isZero();
        bracket.report(result(2, 0.6, 200));
        assertThat(bracket.promote()).isEmpty(); // ⌊3/2⌋ = 1, already promoted
        bracket.report(result(3, 0.4, 400)); // beaten by every other: front 1
        // Order: 0 and 1 (front 0 ends), 2 (front 0, interior), 3 (front 1). The top two are 0 and 1.
        AshaDecision.Promoted second = bracket.promote().orElseThrow();
        assertThat(second.trialId()).isEqualTo(1);
        assertThat(second.rank()).isEqualTo(2);
        assertThat(second.of()).isEqualTo(4);
        assertThat(told.get(1)).extracting(Standing::trialId).containsExactly(0, 1, 2, 3);
        assertThat(told.get(1)).extracting(Standing::promoted).containsExactly(true, false, false, false);
    }

    @Test
    void feasibleTrialsArePromotedBeforeInfeasibleOnes() {
        ParetoRanking ranking = new ParetoRanking(OBJECTIVES, List.of(Constraint.atMost("params", 250)));
        List<List<Standing>> told = new ArrayList<>();
        AshaBracket bracket = new AshaBracket(
                0, List.of(1, 2), 2, ResultRanker.pareto(ranking), (decision, standings) -> told.add(standings));
        for (int trial = 0; trial < 4; trial++) {
            bracket.start(trial);
        }
        bracket.report(result(0, 0.5, 100));
        bracket.report(result(1, 0.7, 300)); // best top-1 but over the 250-parameter budget
        assertThat(bracket.promote().orElseThrow().trialId()).isZero();
        bracket.report(result(2, 0.6, 200));
        bracket.report(result(3, 0.4, 400));
        // Feasible 0 and 2 first, then 1 (violation 50) before 3 (violation 150).
        AshaDecision.Promoted second = bracket.promote().orElseThrow();
        assertThat(second.trialId()).isEqualTo(2);
        assertThat(second.rank()).isEqualTo(2);
        assertThat(told.get(1)).extracting(Standing::trialId).containsExactly(0, 2, 1, 3);
        assertThat(bracket.promote()).isEmpty();
        bracket.report(new RungResult(0, 1, Map.of("top1", 0.55, "params", 100.0)));
        bracket.report(new RungResult(2, 1, Map.of("top1", 0.65, "params", 200.0)));
        assertThat(bracket.close())
                .extracting(AshaDecision.Pruned::trialId, AshaDecision.Pruned::rung)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0), org.assertj.core.groups.Tuple.tuple(3, 0));
    }

    private static RungResult result(int trialId, double top1, double params) {
        return new RungResult(trialId, 0, Map.of("top1", top1, "params", params));
    }
}
