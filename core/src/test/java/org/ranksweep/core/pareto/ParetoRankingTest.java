package org.ranksweep.core.pareto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;

class ParetoRankingTest {

    private record Result(int id, double top1, double params) {
        Map<String, Double> metrics() {
            return Map.of("top1", top1, "params", params);
        }
    }

    @Test
    void ordersByFrontThenCrowdingThenIdWithInfeasibleResultsLast() {
        List<Result> results = List.of(
                new Result(0, 0.80, 300_000), // violates params <= 200000 by 100000: last
                new Result(1, 0.78, 150_000), // front 0, best top-1: an end, crowding infinite
                new Result(2, 0.75, 100_000), // front 0, interior: finite crowding
                new Result(3, 0.70, 120_000), // beaten only by 2: front 1, an end
                new Result(4, 0.76, 190_000), // beaten only by 1: front 1, the other end
                new Result(5, 0.60, 50_000)); // front 0, fewest params: an end
        ParetoRanking ranking = new ParetoRanking(
                List.of(new Objective("top1", Goal.MAX), new Objective("params", Goal.MIN)),
                List.of(Constraint.atMost("params", 200_000)));
        List<ParetoRanking.Ranked<Result>> ranked =
                ranking.rank(results, Result::metrics, Comparator.comparingInt(Result::id));
        assertThat(ranked).extracting(r -> r.item().id()).containsExactly(1, 5, 2, 3, 4, 0);
        assertThat(ranked).extracting(ParetoRanking.Ranked::front).containsExactly(0, 0, 0, 1, 1, 2);
        assertThat(ranked.get(5).violation()).isEqualTo(100_000);
    }

    @Test
    void rejectsAnUnknownMetricNamingTheField() {
        assertThatThrownBy(() -> new Objective("accuracy", Goal.MAX))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("objective.metric")
                .hasMessageContaining("accuracy");
    }

    @Test
    void rejectsAResultMissingAnObjectiveMetric() {
        ParetoRanking ranking = new ParetoRanking(List.of(new Objective("macs", Goal.MIN)), List.of());
        assertThatThrownBy(() ->
                        ranking.rank(List.of(Map.of("top1", 0.5)), m -> m, Comparator.comparing(Object::hashCode)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("macs");
    }
}
