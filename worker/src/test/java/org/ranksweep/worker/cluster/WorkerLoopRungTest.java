package org.ranksweep.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.MetricsRecorded;
import org.ranksweep.core.event.RungReached;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialProgressed;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.ResourceSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.run.RungMetrics;
import org.ranksweep.worker.run.TrialOutcome;
import org.ranksweep.worker.run.TrialRunner;
import org.ranksweep.worker.run.WorkerSettings;

/**
 * A worker slot running successive-halving attempts on a real one-member Hazelcast cluster: the events it puts on
 * the event queue, in order, for an attempt that stops at its rung and for one at the top rung.
 */
class WorkerLoopRungTest {

    private static final WorkerLoopSettings TIMING = new WorkerLoopSettings(
            Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(10));

    @TempDir
    static Path artifacts;

    private static HazelcastInstance hazelcast;

    @BeforeAll
    static void startMember() {
        Config config = new Config().setClusterName("worker-loop-rung-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(6291).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        hazelcast = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stopMember() {
        hazelcast.shutdown();
    }

    @Test
    void anAttemptBelowTheTopRungReportsItsStartAndRungAndNothingElse() throws InterruptedException {
        TrialConfig config = comcat(2);
        AssignTrial assignment = new AssignTrial(new TrialId(11), new SweepId(1), 1, config, "hash-11", 1);
        List<TrialEvent> events;
        try (TrialRunner runner = new TrialRunner(new WorkerSettings(artifacts, artifacts.resolve("datasets"), 2))) {
            events = runOnWorker(assignment, runner::runAttempt);
        }

        List<TrialEvent> ending = events.stream()
                .filter(event -> !(event instanceof MetricsRecorded) && !(event instanceof TrialProgressed))
                .toList();
        ModelPlan plan = BudgetAllocator.comcat(ModelCatalog.VIT_TINY_FMNIST, 0.5);
        assertThat(ending)
                .containsExactly(
                        new TrialStarted(assignment.trialId(), 1, "rung-worker"),
                        new RungReached(
                                assignment.trialId(),
                                1,
                                1,
                                Map.of(
                                        "top1", heldOutTop1(events, 1),
                                        "params", (double) ModelCost.of(plan).params(),
                                        "macs", (double) ModelCost.of(plan).macs())));
        assertThat(events.get(events.size() - 1)).isInstanceOf(RungReached.class);
    }

    @Test
    void anAttemptAtTheTopRungReportsTheRungBeforeItsResult() throws InterruptedException {
        AssignTrial assignment = new AssignTrial(new TrialId(12), new SweepId(1), 2, comcat(2), "hash-12", 2);
        TrialResult result = new TrialResult(0.5, 10, 20, 5, 1.0, 2.0, Map.of(), "/tmp/trial-12", "00");

        List<TrialEvent> events = runOnWorker(assignment, (attempt, listener, cancel) -> {
            listener.onRung(new RungMetrics(attempt.rungEpoch(), 0.4, 10, 20));
            return new TrialOutcome.Completed(result);
        });

        assertThat(events)
                .containsExactly(
                        new TrialStarted(assignment.trialId(), 2, "rung-worker"),
                        new RungReached(assignment.trialId(), 2, 2, Map.of("top1", 0.4, "params", 10.0, "macs", 20.0)),
                        new TrialCompleted(assignment.trialId(), 2, result));
    }

    /** Queues {@code assignment}, lets a worker slot run it with {@code executor}, and returns the trial's events. */
    private static List<TrialEvent> runOnWorker(AssignTrial assignment, TrialExecutor executor)
            throws InterruptedException {
        IQueue<String> events = hazelcast.getQueue(ClusterNames.EVENT_QUEUE);
        events.clear();
        IQueue<String> trials = hazelcast.getQueue(ClusterNames.trialQueue("cpu"));
        trials.add(Json.write(assignment));
        WorkerLoop loop = new WorkerLoop(
                hazelcast, new WorkerInfo("rung-worker", "localhost", "cpu", 0, 1, 1L << 30, "test"), executor, TIMING);
        Thread thread = new Thread(loop, "rung-worker");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Started: the slot runs this attempt to its end, takes no other, and delivers its outbox before it returns.
        loop.stop();
        thread.join(Duration.ofMinutes(2).toMillis());
        assertThat(thread.isAlive()).isFalse();
        List<TrialEvent> delivered = new ArrayList<>();
        for (String event : events) {
            delivered.add(Json.read(event, TrialEvent.class));
        }
        return delivered.stream()
                .filter(event -> event.trialId().equals(assignment.trialId()))
                .toList();
    }

    private static double heldOutTop1(List<TrialEvent> events, int epoch) {
        return events.stream()
                .filter(MetricsRecorded.class::isInstance)
                .flatMap(event -> ((MetricsRecorded) event).metrics().stream())
                .filter(metric -> metric.equals(new TrialMetric("finetune", epoch, "heldout", "top1", metric.value())))
                .findFirst()
                .orElseThrow()
                .value();
    }

    private static TrialConfig comcat(int epochs) {
        return new TrialConfig(
                "comcat",
                "comcat-rung",
                0.5,
                null,
                null,
                false,
                new ModelSpec(
                        ModelCatalog.VIT_TINY_FMNIST.name(), new BaseSpec(new TrainRecipe(1, 2e-3, 64, 0.05), null)),
                new DatasetSpec("synthetic", null, 100, 300, 100, "none"),
                new FinetuneSpec(epochs, 1e-3, 1e-5, 64, 0.05, null, null),
                0,
                new ResourceSpec("cpu", 0));
    }
}
