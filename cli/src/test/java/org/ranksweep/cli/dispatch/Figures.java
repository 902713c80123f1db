package org.ranksweep.cli.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The figures of one dispatch benchmark run and their Markdown section for {@code benchmarks/dispatch.md}.
 *
 * @param requestedTrials trials asked for (the spec may round up to whole seeds)
 * @param warmupTrials    trials of the warm-up sweep run before, left out of the figures
 * @param submitted       just before the sweep was POSTed (this machine's clock)
 * @param accepted        when the POST answered 201 (the sweep stored and its trials queued)
 * @param halving         what PostgreSQL holds about a successive-halving sweep; null for a grid sweep run to the end
 */
record Figures(
        int requestedTrials,
        int workers,
        int slots,
        int warmupTrials,
        Instant submitted,
        Instant accepted,
        StoredSweepCheck stored,
        StoredHalvingCheck halving,
        WorkerTimings timings,
        DispatchBenchmark.CpuSample cpuBefore,
        DispatchBenchmark.CpuSample cpuAfter,
        String loadBefore,
        String loadAfter) {

    /** Optuna 3.1, PostgreSQL storage, 3 worker processes, on this machine kind (issue 6). */
    private static final double OPTUNA_TRIALS_PER_SECOND = 135;

    private static final double TARGET_TRIALS_PER_SECOND = 1_000;
    private static final double TARGET_IDLE_MS = 50;

    long trials() {
        return stored.trials();
    }

    /** Submit to sweep COMPLETED, the end as PostgreSQL recorded it. */
    Duration wall() {
        return Duration.between(submitted, stored.sweepEndedAt() == null ? Instant.now() : stored.sweepEndedAt());
    }

    double trialsPerSecond() {
        return trials() / seconds(wall());
    }

    /** How long each no-op trial occupies a worker slot: wall × slots / trials (Optuna: 3 / 135 s = 22 ms). */
    double overheadMillis() {
        return seconds(wall()) * 1000 * workers * slots / trials();
    }

    /** Attempts the workers ran: one per trial of a grid sweep, one per rung climbed under successive halving. */
    long attempts() {
        return halving == null ? trials() : halving.attempts();
    }

    double attemptsPerSecond() {
        return attempts() / seconds(wall());
    }

    /** The PostgreSQL end-state checks of the sweep's kind passed. */
    boolean storedStateCorrect() {
        return halving == null ? stored.everyTrialCompletedOnce() : halving.everyTrialDecidedOnce();
    }

    /** When the first trial of the sweep started on a worker (the workers' clock, the same machine's). */
    Instant firstTrialStarted() {
        long first = timings.slots().stream()
                .filter(slot -> slot.startsMicros().length > 0)
                .mapToLong(slot -> slot.startsMicros()[0])
                .min()
                .orElse(Long.MAX_VALUE);
        return first == Long.MAX_VALUE ? null : Instant.EPOCH.plus(first, ChronoUnit.MICROS);
    }

    /** From the first trial a worker started to the end: dispatch without planning and storing the sweep. */
    double dispatchTrialsPerSecond() {
        Instant first = firstTrialStarted();
        return first == null ? Double.NaN : trials() / seconds(Duration.between(first, stored.sweepEndedAt()));
    }

    String markdown(String machine, String command) {
        long[] gaps = timings.allGapsMicros();
        DispatchBenchmark.CpuSample cpu = cpuAfter.minus(cpuBefore);
        double wallSeconds = seconds(wall());
        double cpuTotal = cpu.orchestrator()
                + cpu.workers().stream().mapToDouble(Double::doubleValue).sum()
                + cpu.postgres();
        StringBuilder md = new StringBuilder();
        md.append("## Run of ")
                .append(machine.substring(machine.lastIndexOf("; ") + 2))
                .append("\n\n");
        md.append("- machine: ").append(machine, 0, machine.lastIndexOf("; ")).append("\n");
        md.append("- load average (1, 5, 15 min) before: ")
                .append(loadBefore)
                .append("; after: ")
                .append(loadAfter)
                .append("\n");
        md.append(String.format(
                Locale.ROOT,
                "- %d no-op trials (grid of COMCAT budgets × seeds%s), 1 orchestrator + %d"
                        + " worker processes × %d slot(s), embedded PostgreSQL 17 (persistent, default durability); a warm-up"
                        + " sweep of %d trials ran first through the same processes and is not counted%n%n",
                trials(),
                halving == null ? "" : ", under successive halving: `" + NoopSweeps.ASHA + "`",
                workers,
                slots,
                warmupTrials));
        md.append("| measurement | value |\n|---|---|\n");
        row(md, "wall time, POST of the sweep → sweep COMPLETED (PostgreSQL's ended_at)", "%.2f s", wallSeconds);
        if (halving == null) {
            row(md, "throughput", "%.0f trials/s", trialsPerSecond());
            row(
                    md,
                    "per-trial scheduling overhead (wall × " + workers * slots + " slots / trials; Optuna: 22 ms)",
                    "%.2f ms",
                    overheadMillis());
        } else {
            halvingThroughputRows(md);
        }
        row(
                md,
                "POST /api/v1/sweeps answered (plan, store and queue every trial)",
                "%.2f s",
                seconds(Duration.between(submitted, accepted)));
        Instant first = firstTrialStarted();
        row(
                md,
                "POST → first trial started on a worker (plan and store the sweep, queue the first chunk)",
                "%.2f s",
                first == null ? Double.NaN : seconds(Duration.between(submitted, first)));
        row(
                md,
                "throughput from the first trial started on a worker to COMPLETED",
                "%.0f trials/s",
                dispatchTrialsPerSecond());
        String unit = halving == null ? "trials" : "attempts";
        row(
                md,
                "worker idle between consecutive " + unit + ", median (" + gaps.length + " gaps)",
                "%.2f ms",
                WorkerTimings.percentile(gaps, 50) / 1000);
        row(
                md,
                "worker idle between consecutive " + unit + ", p95",
                "%.2f ms",
                WorkerTimings.percentile(gaps, 95) / 1000);
        md.append("| worker idle median per slot | ")
                .append(timings.slots().stream()
                        .map(slot -> String.format(
                                Locale.ROOT,
                                "%.2f ms (%d " + unit + ")",
                                WorkerTimings.percentile(
                                                Arrays.stream(slot.gapsMicros())
                                                        .sorted()
                                                        .toArray(),
                                                50)
                                        / 1000,
                                slot.startsMicros().length))
                        .collect(Collectors.joining(", ")))
                .append(" |\n");
        md.append(String.format(
                Locale.ROOT,
                "| CPU seconds during the sweep | orchestrator %.1f, workers %s,"
                        + " PostgreSQL %.1f; total %.1f = %.2f of %d cores |%n",
                cpu.orchestrator(),
                cpu.workers().stream()
                        .map(s -> String.format(Locale.ROOT, "%.1f", s))
                        .collect(Collectors.joining(" + ")),
                cpu.postgres(),
                cpuTotal,
                cpuTotal / wallSeconds,
                Runtime.getRuntime().availableProcessors()));
        if (halving == null) {
            gridChecks(md);
        } else {
            halvingChecks(md);
        }
        md.append(String.format(Locale.ROOT, "| %s executed by the workers | %d |%n%n", unit, timings.trials()));
        md.append(
                halving == null
                        ? "Every trial COMPLETED exactly once: " + (storedStateCorrect() ? "yes" : "NO") + ". "
                        : "Every trial COMPLETED or PRUNED, results only for the completed, history complete and replayable: "
                                + (storedStateCorrect() ? "yes" : "NO") + ". ");
        md.append(String.format(
                Locale.ROOT,
                "Target ≥ %.0f trials/s: %s" + " (%.1f× Optuna's %.0f). Target median idle < %.0f ms: %s.%n%n",
                TARGET_TRIALS_PER_SECOND,
                trialsPerSecond() >= TARGET_TRIALS_PER_SECOND ? "met" : "not met",
                trialsPerSecond() / OPTUNA_TRIALS_PER_SECOND,
                OPTUNA_TRIALS_PER_SECOND,
                TARGET_IDLE_MS,
                WorkerTimings.percentile(gaps, 50) / 1000 < TARGET_IDLE_MS ? "met" : "not met"));
        md.append("Command (from the repository root):\n\n```\n")
                .append(command)
                .append("\n```\n");
        return md.toString();
    }

    private void gridChecks(StringBuilder md) {
        md.append(String.format(
                Locale.ROOT, "| PostgreSQL: trials COMPLETED / trials | %d / %d |%n", stored.completed(), trials()));
        md.append(String.format(
                Locale.ROOT,
                "| PostgreSQL: results; trials with exactly one; from their SUCCEEDED" + " attempt | %d; %d; %d |%n",
                stored.results(),
                stored.trialsWithOneResult(),
                stored.resultsOfSucceeded()));
        md.append(String.format(
                Locale.ROOT,
                "| PostgreSQL: attempts by outcome; trials with one attempt; stale results" + " | %s; %d; %d |%n",
                stored.attemptsByOutcome(),
                stored.trialsWithOneAttempt(),
                stored.staleResults()));
    }

    /** Decisions, attempts and rung reports per second; per-trial and per-attempt slot time. */
    private void halvingThroughputRows(StringBuilder md) {
        int slotCount = workers * slots;
        row(md, "trials decided (COMPLETED or PRUNED) per second", "%.0f trials/s", trialsPerSecond());
        row(md, "attempts per second (each runs one rung and reports it)", "%.0f attempts/s", attemptsPerSecond());
        row(md, "per-trial scheduling overhead (wall × " + slotCount + " slots / trials)", "%.2f ms", overheadMillis());
        row(
                md,
                "per-attempt scheduling overhead (wall × " + slotCount + " slots / attempts)",
                "%.2f ms",
                seconds(wall()) * 1000 * slotCount / attempts());
    }

    private void halvingChecks(StringBuilder md) {
        md.append(String.format(
                Locale.ROOT,
                "| PostgreSQL: trials COMPLETED + PRUNED / trials | %d + %d / %d |%n",
                halving.completed(),
                halving.pruned(),
                halving.trials()));
        md.append(String.format(
                Locale.ROOT,
                "| PostgreSQL: COMPLETED with one result from a SUCCEEDED attempt; results of other trials"
                        + " | %d; %d |%n",
                halving.completedWithOneResult(),
                halving.resultsOfOthers()));
        md.append(
                String.format(Locale.ROOT, "| PostgreSQL: attempts by outcome | %s |%n", halving.attemptsByOutcome()));
        md.append(String.format(
                Locale.ROOT,
                "| PostgreSQL: scheduler_events by type; stored size | %s; %.1f MB |%n",
                halving.historyByType(),
                halving.historyBytes() / 1e6));
        md.append(String.format(
                Locale.ROOT,
                "| history: gaps; trials disagreeing with it; moves before their decision was stored; replay"
                        + " | %d; %d; %d; %s |%n",
                halving.historyGaps(),
                halving.stateDisagreements(),
                halving.movedBeforeRecorded(),
                halving.replay()));
    }

    private static void row(StringBuilder md, String label, String format, double value) {
        md.append("| ")
                .append(label)
                .append(" | ")
                .append(String.format(Locale.ROOT, format, value))
                .append(" |\n");
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
