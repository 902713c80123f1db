package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ranksweep.cluster.ClusterSettings;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.SweepState;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.orchestrator.Orchestrator;
import org.ranksweep.orchestrator.report.SweepView;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;
import org.ranksweep.worker.cluster.TrialExecutor;
import org.ranksweep.worker.cluster.WorkerLoop;
import org.ranksweep.worker.cluster.WorkerLoopSettings;
import org.ranksweep.worker.run.TrialFailedException;
import org.ranksweep.worker.run.TrialOutcome;
import org.ranksweep.worker.run.TrialProgress;

/**
 * The worker loop against a real orchestrator, PostgreSQL and Hazelcast member, with executors that stand in for
 * training (they answer at once, fail, or wait for cancellation), so the failure paths run in seconds.
 */
class WorkerProtocolTest {

    private static final String SPEC = """
            name: protocol
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic, heldOut: 16}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5, 0.25]}
            finetune: {epochs: 1}
            maxAttempts: 2
            """;

    private Database database;
    private HazelcastInstance hazelcast;
    private Vertx vertx;
    private Orchestrator orchestrator;
    private JdbcTrialRepository trials;
    private Thread workerThread;
    private WorkerLoop worker;

    @BeforeEach
    void start() {
        database = TestDatabases.openNewDatabase("worker-protocol");
        hazelcast = HazelcastMembers.start(ClusterSettings.loopback("protocol-" + UUID.randomUUID(), 5931));
        vertx = Vertx.vertx();
        orchestrator =
                Orchestrator.start(database, hazelcast, vertx, Duration.ofSeconds(30), SchedulerSettings.defaults());
        trials = new JdbcTrialRepository(database);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (worker != null) {
            worker.stop();
            workerThread.join(10_000);
        }
        orchestrator.close();
        vertx.close().await();
        hazelcast.shutdown();
        database.close();
    }

    @Test
    void aFailingTrialEndsFailedWithItsReasonAndTheSweepGoesOn() {
        startWorker((assignment, listener, cancel) -> {
            TrialConfig config = assignment.config();
            if (config.budget() != null && config.budget() == 0.25) {
                throw new TrialFailedException("dataset directory /nowhere does not exist");
            }
            listener.onProgress(new TrialProgress("finetune", 1, 1, 1, 1));
            listener.onMetric(new TrialMetric("finetune", 1, "heldout", "top1", 0.5));
            return new TrialOutcome.Completed(result(config));
        });
        StoredSweep sweep = submit();
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> orchestrator.scheduler().isFinished(sweep.id()).join());

        List<StoredTrial> stored = trials.listBySweep(sweep.id());
        assertThat(stored)
                .extracting(StoredTrial::state)
                .containsExactly(TrialState.COMPLETED, TrialState.COMPLETED, TrialState.FAILED);
        StoredTrial failed = stored.get(2);
        assertThat(failed.reason()).contains("/nowhere");
        // A configuration error is not retried: one attempt only.
        assertThat(trials.attempts(failed.id())).extracting(a -> a.outcome()).containsExactly(AttemptOutcome.FAILED);
        assertThat(trials.metrics(stored.get(0).id())).hasSize(1);
        // Partly failed: the sweep completed, and local's summary line says how many trials did not.
        SweepView view = orchestrator.reports().sweep(sweep.id());
        assertThat(view.state()).isEqualTo(SweepState.COMPLETED);
        assertThat(LocalCommand.summaryLine(sweep.id(), view, Duration.ofSeconds(62)))
                .isEqualTo("Sweep " + sweep.id() + " COMPLETED in 1 min 02 s: 2 of 3 trials completed, 1 failed");
    }

    @Test
    void cancellingASweepStopsTheRunningTrialThroughItsLease() {
        AtomicReference<TrialConfig> running = new AtomicReference<>();
        startWorker((assignment, listener, cancel) -> {
            running.set(assignment.config());
            while (!cancel.isCancelled()) {
                sleep(20);
            }
            throw new TrialFailedException("cancelled");
        });
        StoredSweep sweep = submit();
        await().atMost(10, TimeUnit.SECONDS).until(() -> running.get() != null);
        orchestrator.scheduler().cancel(sweep.id()).join();

        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> trials.listBySweep(sweep.id()).stream()
                        .flatMap(t -> trials.attempts(t.id()).stream())
                        .allMatch(a -> a.outcome() == AttemptOutcome.CANCELLED));
        assertThat(trials.listBySweep(sweep.id()))
                .extracting(StoredTrial::state)
                .containsOnly(TrialState.CANCELLED);
    }

    @Test
    void aCrashingTrialIsRetriedUpToMaxAttempts() {
        startWorker((assignment, listener, cancel) -> {
            throw new IllegalStateException("native engine crashed");
        });
        StoredSweep sweep = submit();
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> orchestrator.scheduler().isFinished(sweep.id()).join());
        for (StoredTrial trial : trials.listBySweep(sweep.id())) {
            assertThat(trial.state()).isEqualTo(TrialState.FAILED);
            assertThat(trial.reason()).contains("native engine crashed").contains("attempt 2 of 2");
            assertThat(trials.attempts(trial.id())).hasSize(2);
        }
        // No trial completed: the sweep failed, it did not complete.
        SweepView view = orchestrator.reports().sweep(sweep.id());
        assertThat(view.state()).isEqualTo(SweepState.FAILED);
        assertThat(LocalCommand.summaryLine(sweep.id(), view, Duration.ofSeconds(5)))
                .isEqualTo("Sweep " + sweep.id() + " FAILED in 0 min 05 s: 0 of 3 trials completed, 3 failed");
    }

    private StoredSweep submit() {
        return orchestrator
                .scheduler()
                .submit(new SpecParser().parse(SPEC, "protocol.yaml"), SPEC, true)
                .join();
    }

    private void startWorker(TrialExecutor executor) {
        WorkerInfo info = new WorkerInfo("test-worker", "localhost", "cpu", 0, 1, 1L << 30, "none");
        WorkerLoopSettings settings = new WorkerLoopSettings(
                Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(50));
        worker = new WorkerLoop(hazelcast, info, executor, settings);
        workerThread = new Thread(worker, "test-worker");
        workerThread.start();
    }

    private static TrialResult result(TrialConfig config) {
        return new TrialResult(0.5, 1000, 2000, 100, 1.0, 5.0, Map.of(), "/tmp/" + config.label(), "00");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
