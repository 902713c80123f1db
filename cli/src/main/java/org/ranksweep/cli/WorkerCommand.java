package org.ranksweep.cli;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.worker.cluster.WorkerLoopSettings;
import org.ranksweep.worker.model.EngineFacts;
import org.ranksweep.worker.model.TorchRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ranksweep worker}: a compute process joining the cluster as a Hazelcast lite member. */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run a worker process that takes trials from the cluster queue.",
            "It joins as a Hazelcast lite member (owns no data) and runs trials with the DJL PyTorch engine.",
            "A cpu worker takes only cpu trials; a gpu worker takes only gpu trials and runs one at a time on the",
            "first GPU it sees: start one worker per GPU (CUDA_VISIBLE_DEVICES=<i>).",
            "On SIGTERM or Ctrl-C it stops taking work, lets the running trial finish for --drain-seconds, then hands it",
            "back (re-queued for another worker); a second SIGTERM or Ctrl-C hands it back at once."
        })
final class WorkerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

    /** A lease is renewed this many times within its duration. */
    private static final int HEARTBEATS_PER_LEASE = 10;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(
            names = "--slots",
            defaultValue = "1",
            description = "trials run at once on a cpu worker (default: ${DEFAULT-VALUE})")
    int slots;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads per slot; 0 = cores / slots")
    int threads;

    @Option(
            names = "--lease-seconds",
            defaultValue = "30",
            description =
                    "lease of a running trial, renewed every tenth of it; must match the orchestrator's (default: ${DEFAULT-VALUE})")
    int leaseSeconds;

    @Option(
            names = "--drain-seconds",
            defaultValue = "60",
            description =
                    "on SIGTERM, how long the running trial may take before it is handed back; a second SIGTERM or"
                            + " Ctrl-C hands it back at once (default: ${DEFAULT-VALUE})")
    int drainSeconds;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    HomeOption home;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final SlotsFactory slotsFactory;

    /** The shipped command: slots that run trials with DJL. */
    WorkerCommand() {
        this(WorkerSlots::new);
    }

    /** A worker whose slots {@code slotsFactory} makes (the dispatch benchmark's no-op slots, in test code). */
    WorkerCommand(SlotsFactory slotsFactory) {
        this.slotsFactory = slotsFactory;
    }

    /** Makes the process's worker slots once the cluster member is up. */
    @FunctionalInterface
    interface SlotsFactory {
        WorkerSlots create(HazelcastInstance hazelcast, WorkerSlots.Settings settings);
    }

    @Override
    public Integer call() throws Exception {
        WorkerSlots.Settings settings = settings();
        HazelcastInstance hazelcast = HazelcastMembers.start(cluster.settings(true));
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicReference<WorkerSlots> started = new AtomicReference<>();
        handleStopSignals(stopRequested, () -> {
            WorkerSlots slots = started.get();
            if (slots != null) {
                slots.endDrain();
            }
        });
        WorkerSlots workers = slotsFactory.create(hazelcast, settings);
        started.set(workers);
        workers.start();
        logEngine();
        System.out.printf(
                "worker ready: %d %s slot(s), cluster %s at %s%n",
                settings.slots(),
                settings.device(),
                cluster.clusterName,
                hazelcast.getCluster().getLocalMember().getAddress());
        System.out.flush();
        stopRequested.await();
        String stopping = "stopping: no new trials; running ones get "
                + settings.drain().toSeconds() + " s to finish (Ctrl-C or SIGTERM again hands them back now)";
        LOG.info(stopping);
        System.out.println(stopping);
        System.out.flush();
        workers.close();
        hazelcast.shutdown();
        return ExitCodes.OK;
    }

    /**
     * SIGTERM and SIGINT ask the worker to stop instead of starting the JVM's shutdown: the drain and hand-back then
     * run on the main thread and a worker that stopped cleanly exits 0, where a shutdown hook would exit 143. A second
     * signal (Ctrl-C again) ends the drain at once: {@code endDrain} hands the running trials back now.
     */
    @SuppressWarnings("sunapi")
    private static void handleStopSignals(CountDownLatch stopRequested, Runnable endDrain) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                if (received.incrementAndGet() == 1) {
                    stopRequested.countDown();
                } else {
                    String handing = "SIG" + signal.getName() + " again: handing the running trials back now";
                    LOG.info(handing);
                    System.out.println(handing);
                    System.out.flush();
                    endDrain.run();
                }
            });
        }
    }

    /** What the engine really loaded, at the top of the worker's log (as {@code ranksweep doctor} shows it). */
    private static void logEngine() {
        EngineFacts facts = EngineFacts.current();
        LOG.info(
                "engine {} via DJL {}: {} threads per operator, {} across operators; native libraries {}; GPUs {}",
                facts.engine(),
                facts.djlVersion(),
                facts.intraOpThreads(),
                facts.interOpThreads(),
                facts.libraries(),
                facts.gpus());
    }

    private WorkerSlots.Settings settings() {
        if (!device.equals("cpu") && !device.equals("gpu")) {
            throw invalid("--device: must be cpu or gpu, was '" + device + "'");
        }
        if (leaseSeconds < 1) {
            throw invalid("--lease-seconds: must be >= 1, was " + leaseSeconds);
        }
        if (drainSeconds < 0) {
            throw invalid("--drain-seconds: must be >= 0, was " + drainSeconds);
        }
        int gpuCount = gpuCount();
        if (slots < 1 || (gpuCount > 0 && slots > 1)) {
            throw invalid("--slots: must be >= 1, and 1 on a gpu worker (one worker per GPU), was " + slots);
        }
        int slotCount = slots;
        int threadsPerSlot =
                threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / slotCount);
        Duration lease = Duration.ofSeconds(leaseSeconds);
        Duration heartbeat = Duration.ofMillis(Math.max(100, lease.toMillis() / HEARTBEATS_PER_LEASE));
        WorkerLoopSettings loop =
                new WorkerLoopSettings(lease, heartbeat, Duration.ofMillis(500), Duration.ofMillis(250));
        return new WorkerSlots.Settings(
                slotCount,
                device,
                gpuCount,
                threadsPerSlot,
                home.artifacts(),
                home.datasets(),
                loop,
                Duration.ofSeconds(drainSeconds));
    }

    /** The GPUs this worker uses: none on cpu, the first one the engine sees on gpu. */
    private int gpuCount() {
        if (device.equals("cpu")) {
            return 0;
        }
        if (TorchRuntime.gpuCount() == 0) {
            throw invalid("--device gpu: the PyTorch engine sees no GPU on this host; " + DoctorCommand.GPU_FIX);
        }
        return 1;
    }

    private CommandLine.ParameterException invalid(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
