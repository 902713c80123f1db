package org.ranksweep.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void matchesTheReferenceSequence() {
        // From an independent Python transcription of Vigna's splitmix64.c (64-bit outputs shown as signed longs);
        // the first output for seed 0 is the published 0xe220a8397b1dcdaf.
        SplitMix64 fromZero = new SplitMix64(0);
        assertThat(fromZero.nextLong()).isEqualTo(0xe220a8397b1dcdafL).isEqualTo(-2152535657050944081L);
        assertThat(fromZero.nextLong()).isEqualTo(7960286522194355700L);
        assertThat(fromZero.nextLong()).isEqualTo(487617019471545679L);

        SplitMix64 fromSeven = new SplitMix64(7);
        assertThat(fromSeven.nextLong()).isEqualTo(7191089600892374487L);
        assertThat(fromSeven.nextLong()).isEqualTo(309689372594955804L);
    }

    @Test
    void staysWithinTheBound() {
        SplitMix64 random = new SplitMix64(42);
        for (int draw = 0; draw < 10_000; draw++) {
            assertThat(random.nextInt(7)).isBetween(0, 6);
        }
    }
}
