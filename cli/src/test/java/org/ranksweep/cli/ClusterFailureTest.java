package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ranksweep.cluster.ClusterSettings;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.cluster.WorkerInfo;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.event.TrialCompleted;
import org.ranksweep.core.event.TrialEvent;
import org.ranksweep.core.event.TrialStarted;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.trial.AttemptOutcome;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialId;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.Database;
import org.ranksweep.db.sweep.StoredSweep;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.trial.StoredAttempt;
import org.ranksweep.db.trial.StoredTrial;
import org.ranksweep.db.worker.JdbcWorkerRepository;
import org.ranksweep.db.worker.RegisteredWorker;
import org.ranksweep.orchestrator.Orchestrator;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;
import org.ranksweep.worker.cluster.TrialExecutor;
import org.ranksweep.worker.cluster.WorkerAnnouncer;
import org.ranksweep.worker.cluster.WorkerLoop;
import org.ranksweep.worker.cluster.WorkerLoopSettings;
import org.ranksweep.worker.run.TrialOutcome;

/**
 * Failure semantics of the scheduler against a real orchestrator, PostgreSQL and Hazelcast members: lost leases,
 * members leaving, stale results, attempt limits, and placement by device. The test plays a misbehaving worker
 * through the cluster's own structures where a real one would be too polite, and uses real {@link WorkerLoop}s
 * (with executors that answer at once) for the well-behaved ones.
 */
class ClusterFailureTest {

    private static final String CPU_SPEC = """
            name: failures
            dataset: {name: synthetic, heldOut: 16}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods:
              - {name: dense}
            maxAttempts: 2
            """;
    private static final String GPU_SPEC = """
            name: gpu-only
            controls: {denseFt: false}   # the control trial is not what this test is about
            dataset: {name: synthetic, heldOut: 16}
            model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
            methods:
              - {name: dense}
              - {name: comcat, budget: [0.5]}
            resources: {device: gpu, gpus: 1}
            """;
    private static final int PORT = 6251;

    private Database database;
    private String clusterName;
    private HazelcastInstance hazelcast;
    private Vertx vertx;
    private Orchestrator orchestrator;
    private JdbcTrialRepository trials;
    private final List<WorkerLoop> workers = new ArrayList<>();
    private final List<Thread> workerThreads = new ArrayList<>();

    @BeforeEach
    void start() {
        database = TestDatabases.openNewDatabase("cluster-failures");
        clusterName = "failures-" + UUID.randomUUID();
        hazelcast = HazelcastMembers.start(ClusterSettings.loopback(clusterName, PORT));
        vertx = Vertx.vertx();
        orchestrator = Orchestrator.start(
                database,
                hazelcast,
                vertx,
                Duration.ofSeconds(30),
                new SchedulerSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500)));
        trials = new JdbcTrialRepository(database);
    }

    @AfterEach
    void stop() throws InterruptedException {
        workers.forEach(WorkerLoop::stop);
        for (Thread thread : workerThreads) {
            thread.join(10_000);
        }
        orchestrator.close();
        vertx.close().await();
        hazelcast.shutdown();
        database.close();
    }

    @Test
    void anExpiredLeaseLosesTheAttemptAndALateResultOfItIsKeptAsStaleOnly() {
        StoredSweep sweep = submit(CPU_SPEC);
        AssignTrial first = take("cpu");
        claim(first, "stalled-worker", "no-member", Duration.ofMillis(500));
        TrialId trialId = first.trialId();

        await().atMost(15, TimeUnit.SECONDS).until(() -> outcomes(trialId).equals(List.of(AttemptOutcome.LOST)));
        assertThat(attempts(trialId).get(0).reason()).contains("lease expired");
        startWorker(
                cpuWorker("healthy-worker"), (assignment, listener, cancel) -> new TrialOutcome.Completed(result(0.7)));
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> orchestrator.scheduler().isFinished(sweep.id()).join());

        publish(new TrialCompleted(trialId, first.attempt(), result(0.9)));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> trials.staleResults(trialId).size() == 1);
        assertThat(trials.staleResults(trialId).get(0).attemptNumber()).isEqualTo(1);
        assertThat(trials.result(trialId)).get().extracting(TrialResult::top1).isEqualTo(0.7);
        assertThat(outcomes(trialId)).containsExactly(AttemptOutcome.LOST, AttemptOutcome.SUCCEEDED);
        assertThat(trials.find(trialId).orElseThrow().state()).isEqualTo(TrialState.COMPLETED);
    }

    @Test
    void theLeaseDeadlineStoredInPostgreSqlFollowsTheWorkersRenewals() {
        submit(CPU_SPEC);
        AssignTrial first = take("cpu");
        TrialId trialId = first.trialId();
        claim(first, "slow-worker", "no-member", Duration.ofSeconds(90));

        // The attempt row starts with the orchestrator's deadline (start + 30 s), then shows the worker's.
        await().atMost(10, TimeUnit.SECONDS).until(() -> secondsLeft(trialId) > 60);
        hazelcast
                .getMap(ClusterNames.LEASE_MAP)
                .set(
                        trialId.value(),
                        Json.write(new Lease(
                                trialId.value(),
                                first.attempt(),
                                "slow-worker",
                                "no-member",
                                System.currentTimeMillis() + 300_000)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> secondsLeft(trialId) > 250);
        assertThat(outcomes(trialId)).containsExactly(AttemptOutcome.RUNNING);
    }

    private long secondsLeft(TrialId trialId) {
        return Duration.between(Instant.now(), attempts(trialId).get(0).leaseDeadline())
                .toSeconds();
    }

    @Test
    void aMemberThatLeavesLosesItsAttemptAtOnceAndMaxAttemptsEndsTheTrial() {
        StoredSweep sweep = submit(CPU_SPEC);
        HazelcastInstance doomed = HazelcastMembers.start(
                new ClusterSettings(clusterName, "127.0.0.1", PORT + 1, List.of("127.0.0.1:" + PORT), true, null));
        AssignTrial first = take("cpu");
        TrialId trialId = first.trialId();
        // A lease good for a minute: only the member leaving can end this attempt within the test's wait.
        claim(
                first,
                "doomed-worker",
                doomed.getCluster().getLocalMember().getUuid().toString(),
                Duration.ofMinutes(1));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> trials.find(trialId).orElseThrow().state() == TrialState.RUNNING);

        doomed.getLifecycleService().terminate();
        await().atMost(20, TimeUnit.SECONDS).until(() -> outcomes(trialId).equals(List.of(AttemptOutcome.LOST)));
        assertThat(attempts(trialId).get(0).reason()).contains("doomed-worker").contains("left the cluster");
        AssignTrial second = take("cpu");
        assertThat(second.trialId()).isEqualTo(trialId);
        assertThat(second.attempt()).isEqualTo(2);

        // The second attempt's lease expires too: with maxAttempts 2 the trial fails instead of a third attempt.
        claim(second, "stalled-worker", "no-member", Duration.ofMillis(500));
        await().atMost(15, TimeUnit.SECONDS)
                .until(() -> orchestrator.scheduler().isFinished(sweep.id()).join());
        StoredTrial failed = trials.find(trialId).orElseThrow();
        assertThat(failed.state()).isEqualTo(TrialState.FAILED);
        assertThat(failed.reason()).contains("lease expired").contains("attempt 2 of 2");
        assertThat(outcomes(trialId)).containsExactly(AttemptOutcome.LOST, AttemptOutcome.LOST);
        assertThat(trials.result(trialId)).isEmpty();
    }

    @Test
    void aQueuedTrialWhoseItemVanishedWithItsWorkerIsOfferedAgain() {
        submit(CPU_SPEC);
        AssignTrial taken = take("cpu");
        // The worker that took it died before it wrote a lease or reported a start: nothing holds the trial now.

        AssignTrial offeredAgain = take("cpu");

        assertThat(offeredAgain.trialId()).isEqualTo(taken.trialId());
        assertThat(offeredAgain.attempt()).isEqualTo(1);
        assertThat(trials.find(taken.trialId()).orElseThrow().state()).isEqualTo(TrialState.QUEUED);
    }

    @Test
    void aGpuTrialWaitsForAGpuWorkerAndNeverRunsOnACpuWorker() {
        List<TrialConfig> ranOnCpu = new CopyOnWriteArrayList<>();
        startWorker(cpuWorker("cpu-only"), (assignment, listener, cancel) -> {
            ranOnCpu.add(assignment.config());
            return new TrialOutcome.Completed(result(0.5));
        });
        StoredSweep sweep = submit(GPU_SPEC);
        // Evidence that the cpu worker was polling all along: a cpu trial submitted after the gpu ones runs on it.
        StoredSweep cpuSweep = submit(CPU_SPEC);
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> orchestrator.scheduler().isFinished(cpuSweep.id()).join());
        assertThat(ranOnCpu)
                .extracting(config -> config.resources().device())
                .containsOnly("cpu")
                .isNotEmpty();
        assertThat(trials.listBySweep(sweep.id()))
                .extracting(StoredTrial::state)
                .containsOnly(TrialState.QUEUED);

        startWorker(
                new WorkerInfo("gpu-worker", "localhost", "gpu", 1, 1, 1L << 30, "test"),
                (assignment, listener, cancel) -> new TrialOutcome.Completed(result(0.6)));
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> orchestrator.scheduler().isFinished(sweep.id()).join());
        for (StoredTrial trial : trials.listBySweep(sweep.id())) {
            assertThat(trial.state()).isEqualTo(TrialState.COMPLETED);
            assertThat(attempts(trial.id())).extracting(StoredAttempt::workerId).containsExactly("gpu-worker");
        }
        assertThat(ranOnCpu).extracting(config -> config.resources().device()).containsOnly("cpu");
    }

    @Test
    void announcedWorkersAppearInTheWorkersTableAndTheirHeartbeatsMoveOn() {
        WorkerInfo gpu = new WorkerInfo("gpu-host-17", "gpu-host", "gpu", 1, 1, 8L << 30, "PyTorch 2.7.1 cuda");
        JdbcWorkerRepository workerTable = new JdbcWorkerRepository(database);
        try (WorkerAnnouncer announcer = new WorkerAnnouncer(hazelcast, gpu, () -> 1, Duration.ofMillis(200))) {
            announcer.start();
            await().atMost(15, TimeUnit.SECONDS).until(() -> workerTable.list().size() == 1);
            RegisteredWorker stored = workerTable.list().get(0);
            assertThat(stored.workerId()).isEqualTo("gpu-host-17");
            assertThat(stored.worker().device()).isEqualTo("gpu");
            assertThat(stored.worker().deviceCount()).isEqualTo(1);
            assertThat(stored.worker().memoryBytes()).isEqualTo(8L << 30);
            assertThat(stored.worker().engine()).isEqualTo("PyTorch 2.7.1 cuda");
            assertThat(stored.capabilities()).containsEntry("busySlots", 1);
            await().atMost(15, TimeUnit.SECONDS)
                    .until(() -> workerTable.list().get(0).lastHeartbeatAt().isAfter(stored.lastHeartbeatAt()));
        }
    }

    private StoredSweep submit(String spec) {
        return orchestrator
                .scheduler()
                .submit(new SpecParser().parse(spec, "failures.yaml"), spec, true)
                .join();
    }

    /** Takes the next queued assignment of a device, as a worker would. */
    private AssignTrial take(String device) {
        IQueue<String> queue = hazelcast.getQueue(ClusterNames.trialQueue(device));
        String[] item = new String[1];
        await().atMost(10, TimeUnit.SECONDS).until(() -> (item[0] = queue.poll()) != null);
        return Json.read(item[0], AssignTrial.class);
    }

    /** Plays a worker starting an attempt: a lease valid for {@code valid}, never renewed, then TrialStarted. */
    private void claim(AssignTrial assignment, String workerId, String memberId, Duration valid) {
        long trialId = assignment.trialId().value();
        hazelcast
                .getMap(ClusterNames.LEASE_MAP)
                .set(
                        trialId,
                        Json.write(new Lease(
                                trialId,
                                assignment.attempt(),
                                workerId,
                                memberId,
                                System.currentTimeMillis() + valid.toMillis())));
        publish(new TrialStarted(assignment.trialId(), assignment.attempt(), workerId));
    }

    private void publish(TrialEvent event) {
        hazelcast.getQueue(ClusterNames.EVENT_QUEUE).add(Json.write(event));
    }

    private void startWorker(WorkerInfo info, TrialExecutor executor) {
        WorkerLoopSettings settings = new WorkerLoopSettings(
                Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(50));
        WorkerLoop worker = new WorkerLoop(hazelcast, info, executor, settings);
        Thread thread = new Thread(worker, info.workerId());
        thread.start();
        workers.add(worker);
        workerThreads.add(thread);
    }

    private static WorkerInfo cpuWorker(String workerId) {
        return new WorkerInfo(workerId, "localhost", "cpu", 0, 1, 1L << 30, "test");
    }

    private List<StoredAttempt> attempts(TrialId trialId) {
        return trials.attempts(trialId);
    }

    private List<AttemptOutcome> outcomes(TrialId trialId) {
        return attempts(trialId).stream().map(StoredAttempt::outcome).toList();
    }

    private static TrialResult result(double top1) {
        return new TrialResult(top1, 1000, 2000, 100, 1.0, 5.0, Map.of(), "/tmp/result", "00");
    }
}
