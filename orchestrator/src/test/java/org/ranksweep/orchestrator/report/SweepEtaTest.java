package org.ranksweep.orchestrator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SweepEtaTest {

    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void extrapolatesTheAverageTimePerFinishedTrial() {
        // 4 trials in 10 minutes: 150 s each, 6 left.
        assertThat(SweepEta.secondsLeft(START, START.plusSeconds(600), 4, 10)).isEqualTo(900L);
    }

    @Test
    void hasNoEstimateBeforeTheFirstTrialFinishesOrAfterTheLast() {
        assertThat(SweepEta.secondsLeft(START, START.plusSeconds(600), 0, 10)).isNull();
        assertThat(SweepEta.secondsLeft(START, START.plusSeconds(600), 10, 10)).isNull();
        assertThat(SweepEta.secondsLeft(null, START, 3, 10)).isNull();
    }
}
