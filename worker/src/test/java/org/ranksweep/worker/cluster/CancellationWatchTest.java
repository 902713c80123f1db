package org.ranksweep.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cluster.ClusterNames;

/**
 * A worker (lite member) mirrors the cancellations a data member (the orchestrator's role) writes, over a real
 * two-member cluster on loopback.
 */
class CancellationWatchTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static HazelcastInstance orchestrator;
    private static HazelcastInstance worker;
    private static IMap<Long, String> cancellations;

    @BeforeAll
    static void startMembers() {
        String cluster = "cancellation-watch-" + UUID.randomUUID();
        orchestrator = Hazelcast.newHazelcastInstance(config(cluster, 6291, false));
        worker = Hazelcast.newHazelcastInstance(config(cluster, 6292, true));
        cancellations = orchestrator.getMap(ClusterNames.CANCEL_MAP);
    }

    @AfterAll
    static void stopMembers() {
        worker.shutdown();
        orchestrator.shutdown();
    }

    @Test
    void cancellationsWrittenBeforeAndAfterTheWatchStartsAreSeenAndForgottenOnRemoval() throws InterruptedException {
        cancellations.set(11L, "sweep cancelled");
        try (CancellationWatch watch = new CancellationWatch(worker)) {
            assertThat(watch.isCancelled(11L))
                    .as("written before the watch started")
                    .isTrue();
            assertThat(watch.isCancelled(12L)).isFalse();

            cancellations.set(12L, "trial is CANCELLED");
            await(() -> watch.isCancelled(12L));
            assertThat(watch.isCancelledNow(12L)).isTrue();

            cancellations.delete(11L);
            await(() -> !watch.isCancelled(11L));
            assertThat(watch.isCancelledNow(11L)).isFalse();
            assertThat(watch.isCancelled(12L)).isTrue();
        }
        cancellations.clear();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("listener event within " + EVENT_WAIT)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Config config(String cluster, int port, boolean lite) {
        Config config = new Config().setClusterName(cluster).setLiteMember(lite);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig()
                .setPort(port)
                .setPortAutoIncrement(false)
                .getInterfaces()
                .setEnabled(true)
                .addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:6291");
        return config;
    }
}
