package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.pareto.Constraint;
import org.ranksweep.core.pareto.Goal;
import org.ranksweep.core.pareto.Objective;

/** The reference point of the hypervolume series and what each completed trial adds, against hand-computed areas. */
class HypervolumeSeriesTest {

    private static final List<Objective> TOP1_PARAMS =
            List.of(new Objective("top1", Goal.MAX), new Objective("params", Goal.MIN));
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void aDenseResultBoundsTheMinimisedObjectivesAndAddsNothingItself() {
        HypervolumeSeries series = HypervolumeSeries.of(
                TOP1_PARAMS,
                List.of(Constraint.atMost("params", 850)),
                List.of(
                        completed(1, "dense", 0.8, 1000),
                        completed(2, "comcat", 0.7, 500),
                        completed(3, "comcat", 0.6, 800), // dominated by trial 2
                        completed(4, "comcat", 0.75, 900))); // breaks params <= 850
        assertThat(series.referenceFrom()).isEqualTo("dense");
        assertThat(series.reference()).isEqualTo(Map.of("top1", 0.0, "params", 1000.0));
        // Trial 2 dominates top-1 0..0.7 × params 500..1000 = 0.7 · 500 = 350.
        assertThat(series.points().stream().map(HypervolumeSeries.Point::hypervolume))
                .containsExactly(0.0, 350.0, 350.0, 350.0);
        assertThat(series.points().stream().map(HypervolumeSeries.Point::trialId))
                .containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void withoutADenseResultTheLargestValueSeenTimesHeadroomBoundsThem() {
        HypervolumeSeries series = HypervolumeSeries.of(
                TOP1_PARAMS, List.of(), List.of(completed(1, "comcat", 0.6, 800), completed(2, "comcat", 0.7, 500)));
        assertThat(series.referenceFrom()).isEqualTo("largest");
        assertThat(series.reference().get("params")).isCloseTo(880.0, within(1e-9));
        // 0.6 · (880 − 800) = 48; then the union with 0.7 · (880 − 500) = 266, which contains the first box.
        assertThat(series.points().get(0).hypervolume()).isCloseTo(48.0, within(1e-9));
        assertThat(series.points().get(1).hypervolume()).isCloseTo(266.0, within(1e-9));
    }

    @Test
    void nothingCompletedGivesAnEmptySeriesWithoutAReferencePoint() {
        HypervolumeSeries series = HypervolumeSeries.of(TOP1_PARAMS, List.of(), List.of());
        assertThat(series.points()).isEmpty();
        assertThat(series.reference()).isEmpty();
    }

    private static HypervolumeSeries.Completed completed(long id, String method, double top1, long params) {
        return new HypervolumeSeries.Completed(
                id,
                method + "-" + id,
                method,
                AT.plusSeconds(id),
                Map.of("top1", top1, "params", (double) params, "macs", params * 10.0, "latencyMs", 5.0));
    }
}
