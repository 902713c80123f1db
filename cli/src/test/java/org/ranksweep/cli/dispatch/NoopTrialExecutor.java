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
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.cluster.TrialExecutor;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.run.TrialOutcome;
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
        return new TrialOutcome.Completed(RESULT);
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

    /** Trials executed so far. */
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
