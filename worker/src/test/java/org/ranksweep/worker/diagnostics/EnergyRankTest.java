package org.ranksweep.worker.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnergyRankTest {

    @Test
    void countsTheLeadingValuesThatHoldTheFractionOfTheSquaredNorm() {
        // squares 16, 9, 4, 1: total 30; 16 + 9 = 25 < 27 = 0.9·30 <= 29 = 16 + 9 + 4
        double[] spectrum = {4, 3, 2, 1};
        assertThat(EnergyRank.of(spectrum, 0.90)).isEqualTo(3);
        // 0.99·30 = 29.7 > 29: all four
        assertThat(EnergyRank.of(spectrum, 0.99)).isEqualTo(4);
        // 0.5·30 = 15 <= 16
        assertThat(EnergyRank.of(spectrum, 0.5)).isEqualTo(1);
    }

    @Test
    void anExactlyLowRankSpectrumHasItsRankAtEveryFraction() {
        double[] rankTwo = {1, 1, 0, 0, 0};
        assertThat(EnergyRank.of(rankTwo, 0.99)).isEqualTo(2);
        assertThat(EnergyRank.of(rankTwo, 1.0)).isEqualTo(2);
        assertThat(EnergyRank.of(rankTwo, 0.5)).isEqualTo(1);
    }

    @Test
    void aZeroSpectrumHasRankZeroAndTheFractionMustBeAProportion() {
        assertThat(EnergyRank.of(new double[] {0, 0}, 0.9)).isZero();
        assertThatThrownBy(() -> EnergyRank.of(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnergyRank.of(new double[] {1}, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
