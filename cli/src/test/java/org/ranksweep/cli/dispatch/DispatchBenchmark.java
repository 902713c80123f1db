package org.ranksweep.cli.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.ranksweep.db.DatabaseConfig;
import org.ranksweep.db.embedded.EmbeddedPostgresServer;

/**
 * Dispatch throughput with no-op trials, run by hand (command in {@code benchmarks/dispatch.md}): an embedded
 * PostgreSQL (persistent data directory, default durability, as {@code ranksweep orchestrator} runs it),
 * {@code ranksweep orchestrator} and W {@code ranksweep worker} processes with no-op slots ({@code NoopWorkerMain}) on loopback; one sweep of N
 * trials is submitted over HTTP and timed until the sweep is COMPLETED. It measures trials per second, the
 * per-trial scheduling overhead, each worker's idle time between consecutive trials (from the times the workers
 * record), the CPU time of every process, and checks in PostgreSQL that every trial is COMPLETED with exactly one
 * result; then it appends a run section to {@code benchmarks/dispatch.md} (and prints it).
 *
 * <p>Before the measured sweep a warm-up sweep runs through the same processes, so the figures describe a running
 * cluster rather than the JIT compiling it (a freshly started JVM spends most of its first seconds compiling); the
 * warm-up's trials are left out of every figure.
 *
 * <p>With {@code asha} as the fifth argument both sweeps run under successive halving ({@link NoopSweeps#ASHA}): each
 * trial climbs rungs of 1, 3 and 9 epochs, every attempt reports its rung from the no-op executor's synthetic
 * learning curve, and the orchestrator stores each report and decision in {@code scheduler_events} before it pauses,
 * promotes or prunes a trial. The figures then count trials decided (COMPLETED or PRUNED) and attempts per second,
 * and the PostgreSQL checks are {@link StoredHalvingCheck}'s.
 *
 * <p>Arguments: {@code [trials (20000)] [worker processes (3)] [slots per worker (1)] [warm-up trials (5000)]
 * [grid | asha (grid)]}.
 */
public final class DispatchBenchmark {

    private static final int CLUSTER_PORT = 6201;

    private DispatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        boolean asha = args.length > 4 && parseMode(args[4]);
        Path results = Machine.repositoryRoot().resolve("benchmarks").resolve("dispatch.md");
        Path work = Files.createTempDirectory("ranksweep-dispatch-");
        System.out.println("working directory (process output and logs): " + work);

        String loadBefore = Machine.loadAverage();
        Figures figures;
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"))) {
            DatabaseConfig database = postgres.config();
            long postmaster = ProcessCpu.postmasterPid(work.resolve("postgres"));
            String spec = asha
                    ? NoopSweeps.halvingAtLeast("dispatch-asha-" + trials, trials, 0)
                    : NoopSweeps.atLeast("dispatch-" + trials, trials, 0);
            Instant submitted;
            Instant accepted;
            long sweepId;
            CpuSample cpuBefore;
            CpuSample cpuAfter;
            try (NoopCluster cluster = NoopCluster.start(new NoopCluster.Settings(
                    database, workers, slots, work, CLUSTER_PORT, "INFO", jvmOptions(work), List.of()))) {
                if (warmup > 0) {
                    // Seeds of its own: the measured sweep must not reuse the warm-up's results.
                    long warmupSweep = cluster.submit(
                            asha
                                    ? NoopSweeps.halvingAtLeast("warm-up-asha-" + warmup, warmup, 1_000_000)
                                    : NoopSweeps.atLeast("warm-up-" + warmup, warmup, 1_000_000));
                    System.out.println("warm-up sweep " + warmupSweep + " "
                            + cluster.awaitFinished(warmupSweep, Duration.ofMinutes(30), Duration.ofMillis(250)));
                }
                cpuBefore = CpuSample.take(cluster, postmaster);
                submitted = Instant.now();
                sweepId = cluster.submit(spec);
                accepted = Instant.now();
                String state = cluster.awaitFinished(sweepId, Duration.ofMinutes(30), Duration.ofMillis(250));
                cpuAfter = CpuSample.take(cluster, postmaster);
                System.out.println("sweep " + sweepId + " " + state);
            }
            StoredSweepCheck stored = StoredSweepCheck.read(database, sweepId);
            StoredHalvingCheck halving = asha ? StoredHalvingCheck.read(database, sweepId, spec) : null;
            WorkerTimings timings = WorkerTimings.read(work.resolve("timings")).since(submitted);
            figures = new Figures(
                    trials,
                    workers,
                    slots,
                    warmup,
                    submitted,
                    accepted,
                    stored,
                    halving,
                    timings,
                    cpuBefore,
                    cpuAfter,
                    loadBefore,
                    Machine.loadAverage());
        }
        FileUtils.deleteDirectory(work.resolve("postgres").toFile());
        String section = figures.markdown(Machine.describe(), command(trials, workers, slots, warmup, asha));
        System.out.println(section);
        Files.writeString(results, "\n" + section, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("appended to " + results);
        if (!figures.storedStateCorrect()) {
            System.exit(1);
        }
    }

    /**
     * Extra options for every process: {@code -Ddispatch.jfr=true} records a profiling flight recording into the
     * work directory; {@code -Ddispatch.jvmOptions="..."} adds the given options (space-separated).
     */
    private static List<String> jvmOptions(Path work) throws IOException {
        List<String> options = new java.util.ArrayList<>();
        String extra = System.getProperty("dispatch.jvmOptions", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        if (Boolean.getBoolean("dispatch.jfr")) {
            Path recordings = Files.createDirectories(work.resolve("jfr"));
            options.add("-XX:StartFlightRecording=settings=profile,filename=" + recordings);
        }
        return options;
    }

    private static boolean parseMode(String mode) {
        if (!mode.equals("asha") && !mode.equals("grid")) {
            throw new IllegalArgumentException("the fifth argument is grid or asha, was " + mode);
        }
        return mode.equals("asha");
    }

    private static String command(int trials, int workers, int slots, int warmup, boolean asha) {
        return "./mvnw -o -q -pl cli -am test-compile dependency:build-classpath"
                + " -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test \\\n"
                + "  && java -cp \"cli/target/test-classes:cli/target/classes:$(cat cli/target/test.classpath)\""
                + " org.ranksweep.cli.dispatch.DispatchBenchmark " + trials + " " + workers + " " + slots + " "
                + warmup
                + (asha ? " asha" : "");
    }

    /** CPU seconds used so far by the orchestrator, each worker and PostgreSQL. */
    record CpuSample(double orchestrator, List<Double> workers, double postgres) {

        static CpuSample take(NoopCluster cluster, long postmaster) {
            return new CpuSample(
                    ProcessCpu.seconds(cluster.orchestratorPid()),
                    cluster.workerPids().stream().map(ProcessCpu::seconds).toList(),
                    postmaster > 0 ? ProcessCpu.secondsWithChildren(postmaster) : 0);
        }

        CpuSample minus(CpuSample earlier) {
            List<Double> perWorker = new java.util.ArrayList<>();
            for (int i = 0; i < workers.size(); i++) {
                perWorker.add(workers.get(i) - earlier.workers().get(i));
            }
            return new CpuSample(orchestrator - earlier.orchestrator(), perWorker, postgres - earlier.postgres());
        }
    }
}
