package org.ranksweep.core.asha;

import java.util.Comparator;
import java.util.List;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Objective;
import org.ranksweep.core.pareto.ParetoRanking;

/**
 * Orders the results of one rung, best first; ASHA promotes from the head of this order. Implementations must be
 * deterministic (ties broken by trial id) and thread-safe.
 */
@FunctionalInterface
public interface ResultRanker {

    /** The results best first. */
    List<RungResult> rank(List<RungResult> results);

    /** One metric, maximised or minimised; equal values rank by trial id. */
    static ResultRanker single(String metric, Goal goal) {
        Comparator<RungResult> byValue = Comparator.comparingDouble(result -> {
            Double value = result.metrics().get(metric);
            if (value == null || value.isNaN()) {
                throw new IllegalArgumentException(
                        "trial " + result.trialId() + " reported no value for metric " + metric);
            }
            return goal.minimised(value);
        });
        return new Ordered(byValue.thenComparingInt(RungResult::trialId));
    }

    /**
     * A ranker that sorts by one comparator, a total order on a rung's results (its ties end in trial id): a rung's
     * ranking then changes only by the new result taking its place, so ASHA keeps it up to date one report at a time
     * instead of sorting the rung again.
     *
     * @param order best first; throws for a result it cannot place (a missing metric)
     */
    record Ordered(Comparator<RungResult> order) implements ResultRanker {

        @Override
        public List<RungResult> rank(List<RungResult> results) {
            return results.stream().sorted(order).toList();
        }
    }

    /**
     * MOASHA's order: non-dominated front (feasible first, Deb's rule for constraints), then crowding distance
     * largest first, then trial id.
     */
    static ResultRanker pareto(ParetoRanking ranking) {
        return results ->
                ranking.rank(results, RungResult::metrics, Comparator.comparingInt(RungResult::trialId)).stream()
                        .map(ParetoRanking.Ranked::item)
                        .toList();
    }

    /**
     * The order a sweep's rungs are ranked by: one objective without constraints ranks by that metric alone,
     * anything else by MOASHA's order under the constraints. The orchestrator's scheduler and its read side both
     * use this, so what the API shows as a rung's ranking is what ASHA promoted from.
     */
    static ResultRanker forObjectives(List<Objective> objectives, List<Constraint> constraints) {
        if (objectives.size() == 1 && constraints.isEmpty()) {
            return single(objectives.get(0).metric(), objectives.get(0).goal());
        }
        return pareto(new ParetoRanking(objectives, constraints));
    }

    /** MOASHA over the given objectives with no constraints. */
    static ResultRanker pareto(List<Objective> objectives) {
        return pareto(new ParetoRanking(objectives, List.of()));
    }
}
