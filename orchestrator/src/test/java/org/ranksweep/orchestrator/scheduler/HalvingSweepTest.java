package org.ranksweep.orchestrator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;

/** A sweep's own bookkeeping, without the database: when it counts its attempts as short. */
class HalvingSweepTest {

    private static final SweepSpec SPEC = new SpecParser().parse("""
                    name: halving
                    controls: {denseFt: false}
                    dataset: {name: synthetic, heldOut: 16}
                    model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
                    methods: [{name: comcat, budget: [0.5, 0.25, 0.125, 0.0625]}]
                    seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
                    scheduler: {algorithm: asha, min: 1, max: 9, eta: 3}
                    """, "halving.yaml");

    @Test
    void attemptsReportedAtOnceCountAsShortOnlyOnceEnoughOfThemReported() {
        List<TrialId> trials =
                LongStream.rangeClosed(1, 40).mapToObj(TrialId::new).toList();
        HalvingSweep sweep = HalvingSweep.open(new SweepId(1), SPEC, trials);
        List<TrialId> started = sweep.fill(HalvingSweep.TIMED_ATTEMPTS);
        assertThat(started).hasSize(HalvingSweep.TIMED_ATTEMPTS);

        for (int i = 0; i < started.size(); i++) {
            assertThat(sweep.runsShortAttempts()).as("after %d reports", i).isFalse();
            Map<String, Double> metrics = Map.of("top1", 0.5 + i / 100.0, "params", 1000.0, "macs", 1000.0);
            assertThat(sweep.report(started.get(i), 1, metrics)).isPresent();
        }

        assertThat(sweep.runsShortAttempts()).isTrue();
    }
}
