package org.ranksweep.cli.dispatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.cluster.TrialExecutor;
import org.ranksweep.worker.run.RungMetrics;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.run.TrialOutcome;
import org.ranksweep.worker.run.TrialRunner;
import org.ranksweep.worker.train.CancellationFlag;
import org.ranksweep.worker.train.TrainingCancelledException;

/**
 * Benchmark only: completes every trial at once with the same synthetic result, so the trial queue, leases,
 * events, PostgreSQL writes and the orchestrator's state machine run exactly as for a real trial while no model is
 * touched (the dispatch benchmark's workers, started through {@code NoopWorkerMain}). Test classpath only: the
 * shipped CLI cannot run it, so no synthetic result reaches a real database. It reports no progress or metrics,
 * like an objective that returns at once; a test may give trials a duration, during which they stop when
 * cancelled. When given a file it keeps each trial's start and end (epoch microseconds) and writes them as TSV on
 * {@link #close()}, from which the benchmark computes a worker's idle time between consecutive trials. Thread-safe.
 *
 * <p>An attempt with a {@link AssignTrial#rungEpoch() rung epoch} (a successive-halving sweep) reports that rung
 * from a synthetic, deterministic learning curve, so ASHA sweeps run on no-op workers; below the trial's last
 * fine-tuning epoch it then stops there without a result, at the last epoch it goes on to the synthetic result. With
 * {@code b} the trial's {@code budget} (1 when it has none), {@code s} its {@code seed} and {@code lr} its
 * {@code finetune.lr}, the rung after epoch {@code e} reports
 *
 * <ul>
 *   <li>{@code top1 = ceiling · (1 − exp(−e / tau))}, with {@code ceiling = 0.5 + 0.4·b + 0.01·floorMod(s, 5)}
 *       and {@code tau = 1 + |log10(lr / 0.001)|}: rising in {@code e}, higher for larger budgets, slower the
 *       further {@code lr} is from 1e-3;
 *   <li>{@code params = max(1, round(1e6·b))} and {@code macs = max(1, round(1e8·b))}.
 * </ul>
 */
public final class NoopTrialExecutor implements TrialExecutor, AutoCloseable {

    /** Header of the timings file; one line per trial follows, in the order the trials ran. */
    public static final String TIMINGS_HEADER = "start_epoch_us\tend_epoch_us";

    // Positive costs and latencies: report views divide by them.
    private static final TrialResult RESULT = new TrialResult(0.0, 1, 1, 1, 1.0, 1.0, Map.of(), null, null);

    private static final long CANCEL_POLL_MILLIS = 20;

    private final Path timingsFile;
    private final Duration trialTime;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private int trials;

    /** @param timingsFile where {@link #close()} writes the trial times; null keeps none */
    public NoopTrialExecutor(Path timingsFile) {
        this(timingsFile, Duration.ZERO);
    }

    /**
     * @param timingsFile where {@link #close()} writes the trial times; null keeps none
     * @param trialTime   how long each trial takes unless it is cancelled first (zero: it ends at once)
     */
    public NoopTrialExecutor(Path timingsFile, Duration trialTime) {
        this.timingsFile = timingsFile;
        this.trialTime = trialTime;
    }

    @Override
    public TrialOutcome execute(AssignTrial assignment, TrialListener listener, CancellationFlag cancel) {
        Integer rungEpoch = assignment.rungEpoch();
        if (rungEpoch != null) {
            TrialRunner.requireRungEpoch(assignment.config(), rungEpoch);
        }
        long start = epochMicros();
        long end = System.nanoTime() + trialTime.toNanos();
        while (System.nanoTime() < end) {
            if (cancel.isCancelled()) {
                throw new TrainingCancelledException("cancelled after " + (epochMicros() - start) / 1000 + " ms");
            }
            try {
                Thread.sleep(CANCEL_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingCancelledException("interrupted");
            }
        }
        record(start, epochMicros());
        if (rungEpoch == null) {
            return new TrialOutcome.Completed(RESULT);
        }
        listener.onRung(rung(assignment.config(), rungEpoch));
        return assignment.stopsAtRung()
                ? new TrialOutcome.StoppedAtRung(rungEpoch)
                : new TrialOutcome.Completed(RESULT);
    }

    /** The rung {@code config} reports after fine-tuning epoch {@code epoch}, by the curve of the class comment. */
    public static RungMetrics rung(TrialConfig config, int epoch) {
        double budget = config.budget() == null ? 1.0 : config.budget();
        double ceiling = 0.5 + 0.4 * budget + 0.01 * Math.floorMod(config.seed(), 5);
        double tau = 1 + Math.abs(Math.log10(config.finetune().lr() / 0.001));
        return new RungMetrics(
                epoch,
                ceiling * (1 - Math.exp(-epoch / tau)),
                Math.max(1, Math.round(1e6 * budget)),
                Math.max(1, Math.round(1e8 * budget)));
    }

    private synchronized void record(long start, long end) {
        if (trials == starts.length) {
            starts = Arrays.copyOf(starts, trials * 2);
            ends = Arrays.copyOf(ends, trials * 2);
        }
        starts[trials] = start;
        ends[trials] = end;
        trials++;
    }

    /** Attempts executed so far, those that stopped at a rung included. */
    public synchronized int trials() {
        return trials;
    }

    private static long epochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** Writes the timings file, if one was asked for. */
    @Override
    public synchronized void close() {
        if (timingsFile == null) {
            return;
        }
        List<String> lines = new ArrayList<>(trials + 1);
        lines.add(TIMINGS_HEADER);
        for (int i = 0; i < trials; i++) {
            lines.add(starts[i] + "\t" + ends[i]);
        }
        try {
            Files.createDirectories(timingsFile.toAbsolutePath().getParent());
            Files.write(timingsFile, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write noop trial timings to " + timingsFile, e);
        }
    }
}
