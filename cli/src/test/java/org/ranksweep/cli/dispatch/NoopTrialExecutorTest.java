package org.ranksweep.cli.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.run.RungMetrics;
import org.ranksweep.worker.run.TrialFailedException;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.run.TrialOutcome;
import org.ranksweep.worker.run.TrialProgress;
import org.ranksweep.worker.train.CancellationFlag;

/** The no-op executor's synthetic learning curve, which lets ASHA sweeps run on no-op workers. */
class NoopTrialExecutorTest {

    private final NoopTrialExecutor executor = new NoopTrialExecutor(null);

    @Test
    void belowTheLastEpochAnAttemptReportsItsRungFromTheDocumentedCurveAndStopsThere() {
        Rungs rungs = new Rungs();

        TrialOutcome outcome =
                executor.execute(assignment(comcat(0.5, 7, 1e-2, 4), 2), rungs, CancellationFlag.never());

        assertThat(outcome).isEqualTo(new TrialOutcome.StoppedAtRung(2));
        // ceiling 0.5 + 0.4·0.5 + 0.01·(7 mod 5) = 0.72, tau 1 + |log10(1e-2 / 1e-3)| = 2
        assertThat(rungs.reported).singleElement().satisfies(rung -> {
            assertThat(rung.epoch()).isEqualTo(2);
            assertThat(rung.top1()).isCloseTo(0.72 * (1 - Math.exp(-1.0)), within(1e-12));
            assertThat(rung.params()).isEqualTo(500_000);
            assertThat(rung.macs()).isEqualTo(50_000_000);
        });
    }

    @Test
    void atTheLastEpochAnAttemptReportsItsRungAndThenItsResult() {
        Rungs rungs = new Rungs();

        TrialOutcome outcome =
                executor.execute(assignment(comcat(0.5, 7, 1e-2, 4), 4), rungs, CancellationFlag.never());

        assertThat(outcome).isInstanceOf(TrialOutcome.Completed.class);
        assertThat(rungs.reported).extracting(RungMetrics::epoch).containsExactly(4);
    }

    @Test
    void theCurveIsDeterministicAndRisesWithEveryEpoch() {
        TrialConfig config = comcat(0.25, 3, 1e-3, 6);
        List<Double> top1 = new ArrayList<>();
        for (int epoch = 1; epoch <= 6; epoch++) {
            Rungs first = new Rungs();
            Rungs again = new Rungs();
            executor.execute(assignment(config, epoch), first, CancellationFlag.never());
            executor.execute(assignment(config, epoch), again, CancellationFlag.never());
            assertThat(again.reported).isEqualTo(first.reported);
            top1.add(first.reported.get(0).top1());
        }
        assertThat(top1).isSortedAccordingTo(Double::compare).doesNotHaveDuplicates();
        assertThat(top1).allSatisfy(value -> assertThat(value).isBetween(0.0, 1.0));
    }

    @Test
    void anAttemptWithoutARungReportsNoneAndCompletes() {
        Rungs rungs = new Rungs();
        AssignTrial plain = new AssignTrial(new TrialId(1), new SweepId(1), 1, comcat(0.5, 0, 1e-3, 4), "hash");

        assertThat(executor.execute(plain, rungs, CancellationFlag.never())).isInstanceOf(TrialOutcome.Completed.class);
        assertThat(rungs.reported).isEmpty();
    }

    @Test
    void aRungOutsideTheFineTuningEpochsFailsTheTrial() {
        assertThatThrownBy(() ->
                        executor.execute(assignment(comcat(0.5, 0, 1e-3, 4), 5), new Rungs(), CancellationFlag.never()))
                .isInstanceOf(TrialFailedException.class)
                .hasMessage("rung epoch 5 is not one of the trial's fine-tuning epochs 1..4");
    }

    private static AssignTrial assignment(TrialConfig config, int rungEpoch) {
        return new AssignTrial(new TrialId(1), new SweepId(1), 1, config, "hash", rungEpoch);
    }

    private static TrialConfig comcat(double budget, long seed, double lr, int epochs) {
        return new TrialConfig(
                "comcat",
                "comcat",
                budget,
                null,
                null,
                false,
                null,
                null,
                new FinetuneSpec(epochs, lr, 1e-5, 64, 0.05, null, null),
                seed,
                new ResourceSpec("cpu", 0));
    }

    /** Keeps the rungs an attempt reports. */
    private static final class Rungs implements TrialListener {
        private final List<RungMetrics> reported = new ArrayList<>();

        @Override
        public void onMetric(TrialMetric metric) {}

        @Override
        public void onProgress(TrialProgress progress) {}

        @Override
        public void onRung(RungMetrics rung) {
            reported.add(rung);
        }
    }
}
