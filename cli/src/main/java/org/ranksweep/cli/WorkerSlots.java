package org.ranksweep.cli;

import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.worker.cluster.WorkerLoop;
import org.ranksweep.worker.cluster.WorkerLoopSettings;
import org.ranksweep.worker.run.TrialRunner;
import org.ranksweep.worker.run.WorkerSettings;

/** N worker loops in this process, each with its own trial runner and thread. Thread-safe. */
final class WorkerSlots implements AutoCloseable {

    private final List<WorkerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<TrialRunner> runners = new ArrayList<>();

    WorkerSlots(HazelcastInstance hazelcast, int slots, Path artifacts, Path datasets, int threadsPerSlot) {
        String host = hostName();
        String process = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        for (int slot = 0; slot < slots; slot++) {
            String workerId = host + "-" + process + "-" + slot;
            TrialRunner runner = new TrialRunner(new WorkerSettings(artifacts, datasets, threadsPerSlot));
            WorkerInfo info = new WorkerInfo(workerId, host, "cpu", 0, 1, Runtime.getRuntime().maxMemory(),
                    "pytorch-cpu");
            WorkerLoop loop = new WorkerLoop(hazelcast, info, runner::run, WorkerLoopSettings.defaults());
            Thread thread = new Thread(loop, "ranksweep-worker-" + slot);
            runners.add(runner);
            loops.add(loop);
            threads.add(thread);
        }
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
        runners.forEach(TrialRunner::close);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
