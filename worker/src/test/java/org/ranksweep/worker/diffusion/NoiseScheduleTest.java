package org.ranksweep.worker.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    @Test
    void alphaBarFallsStrictlyFromNearOneToNearZeroInBothSchedules() {
        for (NoiseSchedule.Kind kind : NoiseSchedule.Kind.values()) {
            NoiseSchedule schedule = NoiseSchedule.of(kind, 1000);
            assertThat(schedule.alphaBar(0)).isEqualTo(1.0);
            assertThat(schedule.alphaBar(1))
                    .as(kind.name())
                    .isGreaterThan(0.999)
                    .isLessThan(1.0);
            for (int t = 1; t <= 1000; t++) {
                assertThat(schedule.alphaBar(t)).as(kind + " t=" + t).isLessThan(schedule.alphaBar(t - 1));
                assertThat(schedule.beta(t)).isGreaterThan(0).isLessThanOrEqualTo(0.999);
            }
            assertThat(schedule.alphaBar(1000)).as(kind.name()).isLessThan(1e-3);
        }
    }

    @Test
    void alphaBarIsTheProductOfOneMinusBeta() {
        NoiseSchedule schedule = NoiseSchedule.of(NoiseSchedule.Kind.LINEAR, 200);
        double product = 1;
        for (int t = 1; t <= 200; t++) {
            product *= 1 - (1e-4 + (0.02 - 1e-4) * (t - 1) / 199.0);
            assertThat(schedule.alphaBar(t)).isCloseTo(product, within(1e-12));
        }
    }

    @Test
    void cosineAlphaBarFollowsItsClosedFormWhereBetaIsNotClipped() {
        NoiseSchedule schedule = NoiseSchedule.of(NoiseSchedule.Kind.COSINE, 1000);
        double start = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        for (int t : new int[] {1, 10, 250, 500, 900, 990}) {
            double expected = Math.pow(Math.cos((t / 1000.0 + 0.008) / 1.008 * Math.PI / 2), 2) / start;
            assertThat(schedule.alphaBar(t)).as("t=" + t).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void samplingTrajectoryStartsAtTAndStepsDownEvenly() {
        NoiseSchedule schedule = NoiseSchedule.of(NoiseSchedule.Kind.COSINE, 1000);
        int[] trajectory = schedule.samplingSteps(50);
        assertThat(trajectory).hasSize(50).startsWith(1000, 980, 960).endsWith(40, 20);
        assertThat(schedule.samplingSteps(1000)).startsWith(1000, 999).endsWith(1);
        assertThatThrownBy(() -> schedule.samplingSteps(1001)).hasMessageContaining("1..1000");
    }
}
