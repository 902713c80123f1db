package org.ranksweep.cli;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ranksweep.cluster.ClusterSettings;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.trial.StoredMetric;
import org.ranksweep.orchestrator.Orchestrator;
import org.ranksweep.orchestrator.http.ApiAccess;
import org.ranksweep.orchestrator.report.LeaderboardEntry;
import org.ranksweep.orchestrator.report.SweepView;
import org.ranksweep.orchestrator.report.TrialView;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;
import org.ranksweep.worker.cluster.WorkerLoopSettings;
import org.ranksweep.worker.preflight.Preflight;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ranksweep local SPEC}: everything in one JVM on embedded defaults — PostgreSQL, a single-member
 * Hazelcast cluster, in-process workers — then the leaderboard, then (unless {@code --no-serve}) the API until
 * Ctrl-C.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a sweep on this machine (embedded PostgreSQL, one-member cluster, in-process workers).",
            "Data stays in <home>/postgres. Shows progress, prints the leaderboard, and keeps serving the API",
            "and dashboard on --port until Ctrl-C unless --no-serve.",
            "An interrupted run of the same spec is resumed where it stopped. Identical completed trials (same",
            "content hash) are reused; --rerun starts a new sweep and runs them again. The dense base model is",
            "cached under <home>/artifacts/base.",
            "Before the sweep is stored, a preflight checks the dataset (downloading it if needed), the model files",
            "the spec names and the PyTorch engine; if one is missing the command stops with the reason.",
            "Exit code: 0 all trials completed, 1 a trial failed or the sweep could not run, 2 invalid spec."
        })
final class LocalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC", description = "the sweep spec (YAML or JSON), e.g. experiments/quickstart.yaml")
    Path specFile;

    @Option(names = "--no-serve", description = "exit after the sweep instead of serving the API")
    boolean noServe;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port of the API and dashboard (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP bind address (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the final leaderboard as a JSON array")
    Path jsonFile;

    @Option(
            names = "--workers",
            defaultValue = "1",
            description = "in-process worker slots (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads per worker; 0 = cores / workers")
    int threads;

    @Option(names = "--rerun", description = "run trials again even when an identical trial already completed")
    boolean rerun;

    @Mixin
    HomeOption home;

    @Mixin
    DatabaseOptions database;

    @Mixin
    BaselineOption baselines;

    @Mixin
    ApiTokenOption apiToken;

    @Mixin
    ApiLimitOptions apiLimits;

    @Override
    public Integer call() throws Exception {
        SweepSpec spec = SpecFiles.read(specFile);
        String specText = Files.readString(specFile);
        if (workers < 1) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--workers: must be >= 1, was " + workers);
        }
        int threadsPerSlot =
                threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        // Before anything is stored or queued: a sweep that cannot run fails once, here, with the reason.
        new Preflight(home.datasets()).check(spec);
        PrintStream out = System.out;
        ApiAccess access = noServe ? null : ApiAccess.forBinding(host, apiToken.token());
        try (DatabaseOptions.Opened db = database.open(home.home)) {
            baselines.load(db.database());
            HazelcastInstance hazelcast = HazelcastMembers.start(ClusterSettings.loopback(
                    "ranksweep-local-" + ManagementFactory.getRuntimeMXBean().getPid(), 5801));
            Vertx vertx = Vertx.vertx();
            try (Orchestrator orchestrator = Orchestrator.start(
                            db.database(),
                            hazelcast,
                            vertx,
                            WorkerLoopSettings.defaults().lease(),
                            SchedulerSettings.defaults());
                    WorkerSlots slots = new WorkerSlots(
                            hazelcast,
                            WorkerSlots.Settings.local(workers, threadsPerSlot, home.artifacts(), home.datasets()))) {
                if (!noServe) {
                    int bound = orchestrator
                            .serve(host, port, access, apiLimits.limits(home.home))
                            .await();
                    out.printf("API and dashboard: http://%s:%d/%n", host, bound);
                }
                int exit = runSweep(orchestrator, vertx, spec, specText, slots, out);
                if (!noServe) {
                    out.printf("Serving http://%s:%d/ — press Ctrl-C to stop.%n", host, port);
                    awaitInterrupt();
                }
                return exit;
            } finally {
                vertx.close().await();
                hazelcast.shutdown();
            }
        }
    }

    private int runSweep(
            Orchestrator orchestrator, Vertx vertx, SweepSpec spec, String specText, WorkerSlots slots, PrintStream out)
            throws Exception {
        StoredSweep sweep = startOrResume(orchestrator, spec, specText, out);
        boolean interactive = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        long started = System.nanoTime();
        int alreadyDone = orchestrator.reports().sweep(sweep.id()).done();
        try (ProgressView progress =
                new ProgressView(sweep.id().value(), sweep.trialCount(), alreadyDone, interactive, out)) {
            for (TrialView trial : orchestrator.reports().trials(sweep.id())) {
                progress.label(
                        trial.id().value(),
                        "#" + trial.id() + " " + trial.label()
                                + (trial.budget() == null ? "" : " b=" + trial.budget()));
            }
            MessageConsumer<String> consumer =
                    vertx.eventBus().consumer(ClusterNames.FANOUT_ADDRESS, message -> progress.accept(message.body()));
            // Workers start only now, so the progress view sees every trial start.
            slots.start();
            try {
                while (!orchestrator.scheduler().isFinished(sweep.id()).join()) {
                    Thread.sleep(500);
                }
            } finally {
                consumer.unregister().await();
            }
        }
        return finish(orchestrator, sweep.id(), Duration.ofNanos(System.nanoTime() - started), out);
    }

    /** Resumes an interrupted run of the same spec (unless --rerun), else submits a new sweep. */
    private StoredSweep startOrResume(Orchestrator orchestrator, SweepSpec spec, String specText, PrintStream out) {
        Optional<StoredSweep> interrupted = rerun
                ? Optional.empty()
                : orchestrator.scheduler().findResumable(specText).join();
        if (interrupted.isPresent()) {
            StoredSweep sweep = interrupted.get();
            out.printf(
                    "Resuming sweep %s '%s' (interrupted earlier; --rerun starts afresh): %d trials%n",
                    sweep.id(), sweep.name(), sweep.trialCount());
            return sweep;
        }
        StoredSweep sweep =
                orchestrator.scheduler().submit(spec, specText, rerun).join();
        out.printf("Sweep %s '%s': %d trials%n", sweep.id(), sweep.name(), sweep.trialCount());
        return sweep;
    }

    private int finish(Orchestrator orchestrator, SweepId sweepId, Duration took, PrintStream out) throws IOException {
        List<LeaderboardEntry> entries = orchestrator.reports().sweepLeaderboard(sweepId);
        SweepView view = orchestrator.reports().sweep(sweepId);
        out.printf("%n%s%n%n", summaryLine(sweepId, view, took));
        if (view.customization()) {
            CustomizationTable.print(orchestrator.reports().customization(sweepId), out);
            out.println();
        } else {
            LeaderboardTable.print(entries, out);
            out.println();
            printSpectra(orchestrator, entries, out);
            if (SummaryTable.printIfSeeded(orchestrator.reports().sweepSummary(sweepId), out)) {
                out.println();
            }
        }
        for (TrialView trial : orchestrator.reports().trials(sweepId)) {
            if (trial.state() == TrialState.PRUNED) {
                out.printf("trial %s (%s) PRUNED: %s%n", trial.id(), trial.label(), trial.reason());
            }
        }
        for (TrialView trial : orchestrator.reports().trials(sweepId)) {
            if (trial.state() == TrialState.FAILED) {
                out.printf("trial %s (%s) FAILED: %s%n", trial.id(), trial.label(), trial.reason());
            }
        }
        if (jsonFile != null) {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(jsonFile.toFile(), JsonLeaderboard.of(entries));
            out.println("Leaderboard JSON written to " + jsonFile);
        }
        // A trial successive halving pruned ended as the sweep's scheduler meant it to.
        boolean allEnded = entries.stream().allMatch(e -> "COMPLETED".equals(e.state()) || "PRUNED".equals(e.state()))
                && view.state() == SweepState.COMPLETED;
        return allEnded ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /**
     * The sweep's end and what its trials came to, e.g. {@code Sweep 1 COMPLETED in 3 min 02 s: 8 of 10 trials
     * completed, 2 failed}; states no trial ended in are left out.
     */
    static String summaryLine(SweepId sweepId, SweepView view, Duration took) {
        StringBuilder line = new StringBuilder()
                .append("Sweep ")
                .append(sweepId)
                .append(' ')
                .append(view.state())
                .append(String.format(" in %d min %02d s: ", took.toMinutes(), took.toSecondsPart()))
                .append(view.counts().getOrDefault(TrialState.COMPLETED, 0))
                .append(" of ")
                .append(view.trialCount())
                .append(" trials completed");
        for (TrialState state : List.of(TrialState.FAILED, TrialState.PRUNED, TrialState.CANCELLED)) {
            int count = view.counts().getOrDefault(state, 0);
            if (count > 0) {
                line.append(", ").append(count).append(' ').append(state.name().toLowerCase(Locale.ROOT));
            }
        }
        return line.toString();
    }

    /** The spectrum of each seed's base model, from the first of its trials that reported one. */
    private static void printSpectra(Orchestrator orchestrator, List<LeaderboardEntry> entries, PrintStream out) {
        Set<Long> printed = new HashSet<>();
        for (LeaderboardEntry entry : entries) {
            if (printed.contains(entry.seed()) || entry.top1() == null) {
                continue;
            }
            List<StoredMetric> metrics =
                    orchestrator.reports().trial(new TrialId(entry.trialId())).metrics();
            if (SpectrumTable.print(entry.seed(), metrics, out)) {
                printed.add(entry.seed());
                out.println();
            }
        }
    }

    private static void awaitInterrupt() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }
}
