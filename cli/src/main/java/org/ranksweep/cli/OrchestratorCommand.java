package org.ranksweep.cli;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ranksweep.cluster.HazelcastMembers;
import org.ranksweep.orchestrator.Orchestrator;
import org.ranksweep.orchestrator.http.ApiAccess;
import org.ranksweep.orchestrator.http.ApiLimits;
import org.ranksweep.orchestrator.scheduler.SchedulerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ranksweep orchestrator}: the control plane as its own process (Hazelcast data member + HTTP API). */
@Command(
        name = "orchestrator",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the orchestrator: a Hazelcast data member, the scheduler and the HTTP API.",
            "Workers join with `ranksweep worker --members <this host>:<cluster port>`. Runs until Ctrl-C;",
            "on start it reconciles unfinished sweeps from PostgreSQL."
        })
final class OrchestratorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "HTTP bind address (default: ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--lease-seconds",
            defaultValue = "30",
            description = "lease of a running trial; must match the workers' (default: ${DEFAULT-VALUE})")
    int leaseSeconds;

    @Mixin
    ClusterOptions cluster;

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
        if (leaseSeconds < 1) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--lease-seconds: must be >= 1, was " + leaseSeconds);
        }
        ApiAccess access = ApiAccess.forBinding(host, apiToken.token());
        ApiLimits limits = apiLimits.limits(home.home);
        try (DatabaseOptions.Opened db = database.open(home.home)) {
            baselines.load(db.database());
            HazelcastInstance hazelcast = HazelcastMembers.start(cluster.settings(false));
            Vertx vertx = Vertx.vertx();
            try (Orchestrator orchestrator = Orchestrator.start(
                    db.database(), hazelcast, vertx, Duration.ofSeconds(leaseSeconds), SchedulerSettings.defaults())) {
                int bound = orchestrator.serve(host, port, access, limits).await();
                System.out.printf(
                        "orchestrator ready: http://%s:%d/ cluster %s at %s%n",
                        host,
                        bound,
                        cluster.clusterName,
                        hazelcast.getCluster().getLocalMember().getAddress());
                System.out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            } finally {
                vertx.close().await();
                hazelcast.shutdown();
            }
        }
        return ExitCodes.OK;
    }
}
