package org.ranksweep.cli;

import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ranksweep.orchestrator.cluster.HazelcastMembers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ranksweep worker}: a compute process joining the cluster as a Hazelcast lite member. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a worker process that takes trials from the cluster queue.",
            "It joins as a Hazelcast lite member (owns no data) and runs trials with the DJL PyTorch engine.",
            "On SIGTERM it stops taking work and finishes the trial in progress."})
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--slots", defaultValue = "1", description = "trials run at once (default: ${DEFAULT-VALUE})")
    int slots;
    @Option(names = "--threads", defaultValue = "0", description = "compute threads per slot; 0 = cores / slots")
    int threads;
    // Benchmark only (benchmarks/dispatch.md), hence hidden from --help.
    @Option(names = "--executor", hidden = true, defaultValue = "djl",
            description = "djl runs trials; noop completes each at once with a synthetic result")
    Executor executor;
    @Option(names = "--noop-timings", hidden = true,
            description = "directory where noop slots write their trials' start and end times on exit")
    Path noopTimings;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        int threadsPerSlot = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / slots);
        HazelcastInstance hazelcast = HazelcastMembers.start(cluster.settings(true));
        CountDownLatch stopped = new CountDownLatch(1);
        WorkerSlots workers = executor == Executor.noop ? WorkerSlots.noop(hazelcast, slots, noopTimings)
                : new WorkerSlots(hazelcast, slots, home.artifacts(), home.datasets(), threadsPerSlot);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workers.close();
            hazelcast.shutdown();
            stopped.countDown();
        }));
        workers.start();
        System.out.printf("worker ready: %d slot(s), cluster %s%n", slots, cluster.clusterName);
        stopped.await();
        return ExitCodes.OK;
    }

    /** What runs a trial: the DJL trial runner, or (benchmark only) nothing at all. */
    enum Executor { djl, noop }
}
