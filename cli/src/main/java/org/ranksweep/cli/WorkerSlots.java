package org.ranksweep.cli;

import com.hazelcast.core.HazelcastInstance;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.worker.cluster.TrialExecutor;
import org.ranksweep.worker.cluster.WorkerAnnouncer;
import org.ranksweep.worker.cluster.WorkerLoop;
import org.ranksweep.worker.cluster.WorkerLoopSettings;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.run.TrialRunner;
import org.ranksweep.worker.run.WorkerSettings;
import org.slf4j.LoggerFactory;

/**
 * N worker loops in this process, each with its own trial executor and thread, announced to the cluster as one
 * worker ({@code <host>-<pid>}; slot {@code i} runs attempts as {@code <host>-<pid>-<i>}). Thread-safe.
 */
final class WorkerSlots implements AutoCloseable {

    private static final Duration HAND_BACK_WAIT = Duration.ofSeconds(15);
    private static final long DRAIN_POLL_MILLIS = 100;

    private final List<WorkerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> executors = new ArrayList<>();
    private final WorkerAnnouncer announcer;
    private final Duration drain;
    /** Counted down when the drain is to end at once (a second stop signal). */
    private final CountDownLatch drainCut = new CountDownLatch(1);

    /**
     * What this process offers and how its slots run.
     *
     * @param slots          trials run at once
     * @param device         {@code cpu} or {@code gpu}: which trial queue the slots take from
     * @param gpus           GPUs the process advertises (0 for cpu)
     * @param threadsPerSlot PyTorch intra-op threads per slot
     * @param artifacts      artifact directory (shared between hosts in a cluster)
     * @param datasets       dataset cache directory
     * @param loop           lease, heartbeat and polling timing
     * @param drain          on close, how long running trials may take to finish before they are handed back
     */
    record Settings(
            int slots,
            String device,
            int gpus,
            int threadsPerSlot,
            Path artifacts,
            Path datasets,
            WorkerLoopSettings loop,
            Duration drain) {

        /** One CPU slot per worker, default timing: what {@code ranksweep local} runs in process. */
        static Settings local(int slots, int threadsPerSlot, Path artifacts, Path datasets) {
            return new Settings(
                    slots,
                    "cpu",
                    0,
                    threadsPerSlot,
                    artifacts,
                    datasets,
                    WorkerLoopSettings.defaults(),
                    Duration.ofSeconds(60));
        }
    }

    /** Slots that run real trials, each with its own {@link TrialRunner}. */
    WorkerSlots(HazelcastInstance hazelcast, Settings settings) {
        this(hazelcast, settings, TorchRuntime.description(), slotId -> {
            TrialRunner runner = new TrialRunner(
                    new WorkerSettings(settings.artifacts(), settings.datasets(), settings.threadsPerSlot()));
            return new SlotExecutor(runner::runAttempt, runner);
        });
    }

    /**
     * Slots whose executors {@code executorOf} makes from the slot id, announced with {@code engine}: the real ones
     * above, or a test harness's.
     */
    WorkerSlots(
            HazelcastInstance hazelcast, Settings settings, String engine, Function<String, SlotExecutor> executorOf) {
        String host = hostName();
        String workerId = host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        long memory = Runtime.getRuntime().maxMemory();
        for (int slot = 0; slot < settings.slots(); slot++) {
            String slotId = workerId + "-" + slot;
            SlotExecutor executor = executorOf.apply(slotId);
            WorkerInfo info = new WorkerInfo(slotId, host, settings.device(), settings.gpus(), 1, memory, engine);
            WorkerLoop loop = new WorkerLoop(hazelcast, info, executor.executor(), settings.loop());
            executors.add(executor.resource());
            loops.add(loop);
            threads.add(new Thread(loop, "ranksweep-worker-" + slot));
        }
        WorkerInfo announced =
                new WorkerInfo(workerId, host, settings.device(), settings.gpus(), settings.slots(), memory, engine);
        this.announcer = new WorkerAnnouncer(
                hazelcast,
                announced,
                () -> (int) loops.stream().filter(WorkerLoop::busy).count(),
                settings.loop().heartbeat());
        this.drain = settings.drain();
    }

    /** A slot's executor and what to close when the slot stops. */
    record SlotExecutor(TrialExecutor executor, AutoCloseable resource) {}

    void start() {
        threads.forEach(Thread::start);
        announcer.start();
    }

    /**
     * Ends the drain of a {@link #close()} in progress, or of the next one, at once: the trials still running are handed
     * back now instead of when the drain time is up. Thread-safe.
     */
    void endDrain() {
        drainCut.countDown();
    }

    /**
     * Stops taking trials, gives running ones the drain time to finish (less if {@link #endDrain()} is called), hands
     * back the ones still running (they are re-queued for another worker), and waits for every slot to report.
     */
    @Override
    public void close() {
        loops.forEach(WorkerLoop::stop);
        awaitDrain();
        if (threads.stream().anyMatch(Thread::isAlive)) {
            loops.forEach(WorkerLoop::handBack);
            join(HAND_BACK_WAIT);
        }
        announcer.close();
        for (AutoCloseable executor : executors) {
            try {
                executor.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(WorkerSlots.class).warn("closing a trial executor failed", e);
            }
        }
    }

    /** Waits until every slot is idle, the drain time is up or the drain is ended. */
    private void awaitDrain() {
        long deadline = System.nanoTime() + drain.toNanos();
        try {
            while (threads.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (drainCut.await(Math.max(1, Math.min(left, DRAIN_POLL_MILLIS)), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void join(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
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
