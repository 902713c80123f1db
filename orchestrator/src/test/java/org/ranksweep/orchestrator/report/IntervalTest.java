package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalTest {

    /** Two-sided 95 % quantiles of Student's t from printed tables: df 2 → 4.303, df 4 → 2.776. */
    @Test
    void halfWidthIsTheTQuantileTimesTheStandardError() {
        Interval three = Interval.of(List.of(0.80, 0.82, 0.84));
        assertThat(three.mean()).isCloseTo(0.82, within(1e-12));
        assertThat(three.halfWidth()).isCloseTo(4.303 * 0.02 / Math.sqrt(3), within(1e-5));

        Interval five = Interval.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        double standardDeviation = Math.sqrt((4 + 1 + 0 + 1 + 4) / 4.0);
        assertThat(five.halfWidth()).isCloseTo(2.776 * standardDeviation / Math.sqrt(5), within(1e-3));
        assertThat(five.low()).isCloseTo(3 - five.halfWidth(), within(1e-12));
    }

    @Test
    void oneValueHasNoIntervalAndSeparatesNothing() {
        Interval one = Interval.of(List.of(0.5));
        assertThat(one.halfWidth()).isNull();
        assertThat(one.excludesZero()).isFalse();
        assertThat(one.overlaps(Interval.of(List.of(0.9, 0.91)))).isTrue();
    }

    @Test
    void overlapAndSignFollowTheEnds() {
        Interval low = Interval.of(List.of(0.70, 0.71, 0.72));
        Interval high = Interval.of(List.of(0.80, 0.81, 0.82));
        Interval wide = Interval.of(List.of(0.60, 0.75, 0.90));
        assertThat(low.overlaps(high)).isFalse();
        assertThat(high.overlaps(low)).isFalse();
        assertThat(wide.overlaps(low)).isTrue();
        assertThat(wide.overlaps(high)).isTrue();
        assertThat(Interval.of(List.of(-0.02, -0.01, -0.015)).excludesZero()).isTrue();
        assertThat(Interval.of(List.of(-0.02, 0.01, 0.005)).excludesZero()).isFalse();
    }
}
