package org.ranksweep.orchestrator;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import org.ranksweep.db.Database;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.leaderboard.JdbcLeaderboardRepository;
import org.ranksweep.db.scheduler.JdbcSchedulerEventRepository;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.trial.JdbcTrialRepository;
import org.ranksweep.db.worker.JdbcWorkerRepository;
import org.ranksweep.orchestrator.cluster.ClusterSlots;
import org.ranksweep.orchestrator.cluster.WorkerRegistry;
import org.ranksweep.orchestrator.fanout.VertxFanout;
import org.ranksweep.orchestrator.http.ApiAccess;
import org.ranksweep.orchestrator.http.ApiLimits;
import org.ranksweep.orchestrator.http.ApiServer;
import org.ranksweep.orchestrator.report.Reports;
import org.ranksweep.orchestrator.scheduler.EventIngest;
import org.ranksweep.orchestrator.scheduler.HazelcastLeaseBoard;
import org.ranksweep.orchestrator.scheduler.HazelcastTrialQueue;
import org.ranksweep.orchestrator.scheduler.Scheduler;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;
import org.ranksweep.orchestrator.scheduler.TrialRecovery;
import org.ranksweep.orchestrator.scheduler.TrialStateMachine;

/**
 * The control plane wired together: scheduler, event ingest, read-side reports and (on request) the HTTP API,
 * over a database, a Hazelcast member and a Vert.x instance the caller owns. Thread-safe.
 */
public final class Orchestrator implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Orchestrator.class);
    /** How often worker heartbeats are copied into the {@code workers} table. */
    private static final Duration WORKER_REGISTRY_INTERVAL = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Scheduler scheduler;
    private final EventIngest ingest;
    private final Reports reports;
    private final WorkerRegistry registry;
    private ApiServer api;

    private Orchestrator(
            Vertx vertx, Scheduler scheduler, EventIngest ingest, Reports reports, WorkerRegistry registry) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.ingest = ingest;
        this.reports = reports;
        this.registry = registry;
    }

    /**
     * Reconciles stored sweeps with the cluster and starts scheduling.
     *
     * @param leaseDuration how long a worker's lease lasts; must match the workers' setting
     */
    public static Orchestrator start(
            Database database,
            HazelcastInstance hazelcast,
            Vertx vertx,
            Duration leaseDuration,
            SchedulerSettings settings) {
        JdbcSweepRepository sweeps = new JdbcSweepRepository(database);
        JdbcTrialRepository trials = new JdbcTrialRepository(database);
        TrialStateMachine.Cluster cluster = new TrialStateMachine.Cluster(
                new HazelcastTrialQueue(hazelcast),
                new HazelcastLeaseBoard(hazelcast),
                new ClusterSlots(hazelcast)::count);
        TrialStateMachine machine = new TrialStateMachine(
                new TrialStateMachine.Stores(sweeps, trials, new JdbcSchedulerEventRepository(database)),
                cluster,
                new VertxFanout(vertx),
                Clock.systemUTC(),
                leaseDuration);
        Scheduler scheduler = new Scheduler(
                sweeps,
                machine,
                new TrialRecovery(machine, trials, cluster, Clock.systemUTC(), leaseDuration),
                settings);
        scheduler.start().join();
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.info("cluster member joined {}", event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                LOG.warn("cluster member left {}", event.getMember());
                scheduler.memberLeft(event.getMember().getUuid().toString());
            }
        });
        EventIngest ingest = new EventIngest(hazelcast, scheduler);
        ingest.start();
        Reports reports = new Reports(
                sweeps,
                trials,
                new JdbcLeaderboardRepository(database),
                new JdbcBaselineRepository(database),
                new JdbcSchedulerEventRepository(database));
        WorkerRegistry registry =
                new WorkerRegistry(hazelcast, new JdbcWorkerRepository(database), WORKER_REGISTRY_INTERVAL);
        registry.start();
        return new Orchestrator(vertx, scheduler, ingest, reports, registry);
    }

    /**
     * Serves the HTTP API and dashboard with the given access rules and limits; the future carries the bound
     * port.
     */
    public Future<Integer> serve(String host, int port, ApiAccess access, ApiLimits limits) {
        api = new ApiServer(vertx, scheduler, reports, access, limits);
        return api.listen(host, port);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Reports reports() {
        return reports;
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        registry.close();
        ingest.close();
        scheduler.close();
    }
}
