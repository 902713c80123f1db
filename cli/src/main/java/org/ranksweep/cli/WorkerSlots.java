package org.ranksweep.cli;

import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.worker.cluster.NoopTrialExecutor;
import org.ranksweep.worker.cluster.TrialExecutor;
import org.ranksweep.worker.cluster.WorkerLoop;
import org.ranksweep.worker.cluster.WorkerLoopSettings;
import org.ranksweep.worker.run.TrialRunner;
import org.ranksweep.worker.run.WorkerSettings;
import org.slf4j.LoggerFactory;

/** N worker loops in this process, each with its own trial executor and thread. Thread-safe. */
final class WorkerSlots implements AutoCloseable {

    private final List<WorkerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> executors = new ArrayList<>();

    /** Slots that run real trials, each with its own {@link TrialRunner}. */
    WorkerSlots(HazelcastInstance hazelcast, int slots, Path artifacts, Path datasets, int threadsPerSlot) {
        this(hazelcast, slots, workerId -> {
            TrialRunner runner = new TrialRunner(new WorkerSettings(artifacts, datasets, threadsPerSlot));
            return new SlotExecutor(runner::run, runner, "pytorch-cpu");
        });
    }

    /**
     * Benchmark only: slots whose trials complete at once with a synthetic result ({@link NoopTrialExecutor});
     * with a {@code timings} directory each slot writes its trials' start and end times there on close.
     */
    static WorkerSlots noop(HazelcastInstance hazelcast, int slots, Path timings) {
        return new WorkerSlots(hazelcast, slots, workerId -> {
            NoopTrialExecutor noop = new NoopTrialExecutor(timings == null ? null : timings.resolve(workerId + ".tsv"));
            return new SlotExecutor(noop, noop, "noop");
        });
    }

    private WorkerSlots(HazelcastInstance hazelcast, int slots, Function<String, SlotExecutor> executorOf) {
        String host = hostName();
        String process = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        for (int slot = 0; slot < slots; slot++) {
            String workerId = host + "-" + process + "-" + slot;
            SlotExecutor executor = executorOf.apply(workerId);
            WorkerInfo info = new WorkerInfo(workerId, host, "cpu", 0, 1, Runtime.getRuntime().maxMemory(),
                    executor.engine());
            WorkerLoop loop = new WorkerLoop(hazelcast, info, executor.executor(), WorkerLoopSettings.defaults());
            Thread thread = new Thread(loop, "ranksweep-worker-" + slot);
            executors.add(executor.resource());
            loops.add(loop);
            threads.add(thread);
        }
    }

    /** A slot's executor, what to close when the slot stops, and the engine it advertises. */
    private record SlotExecutor(TrialExecutor executor, AutoCloseable resource, String engine) {
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Stops taking trials and waits for running ones to end. */
    @Override
    public void close() {
        loops.forEach(WorkerLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable executor : executors) {
            try {
                executor.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(WorkerSlots.class).warn("closing a trial executor failed", e);
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
