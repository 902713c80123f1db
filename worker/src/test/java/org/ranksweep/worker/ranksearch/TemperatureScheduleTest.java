package org.ranksweep.worker.ranksearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TemperatureScheduleTest {

    @Test
    void fallsGeometricallyFromStartToEnd() {
        TemperatureSchedule schedule = new TemperatureSchedule(5, 0.1, 3);
        assertThat(schedule.at(1)).isEqualTo(5.0);
        // The geometric mean of 5 and 0.1.
        assertThat(schedule.at(2)).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(schedule.at(3)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void multipliesEveryEpochByTheSameFactor() {
        TemperatureSchedule schedule = new TemperatureSchedule(5, 0.1, 30);
        double factor = Math.pow(0.1 / 5, 1.0 / 29);
        for (int epoch = 1; epoch < 30; epoch++) {
            assertThat(schedule.at(epoch + 1) / schedule.at(epoch)).isCloseTo(factor, within(1e-12));
        }
        assertThat(schedule.at(30)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void aSingleEpochUsesTheStartTemperature() {
        assertThat(new TemperatureSchedule(2, 0.5, 1).at(1)).isEqualTo(2.0);
    }

    @Test
    void rejectsEpochsOutsideTheScheduleAndNonPositiveTemperatures() {
        assertThatThrownBy(() -> new TemperatureSchedule(5, 0.1, 3).at(4)).hasMessageContaining("[1, 3]");
        assertThatThrownBy(() -> new TemperatureSchedule(0, 0.1, 3)).hasMessageContaining("start 0.0");
    }
}
