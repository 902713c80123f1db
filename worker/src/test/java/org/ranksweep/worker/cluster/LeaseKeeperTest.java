package org.ranksweep.worker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cluster.ClusterNames;
import org.ranksweep.core.cluster.Lease;
import org.ranksweep.core.event.AssignTrial;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.SweepId;
import org.ranksweep.core.trial.TrialId;

/** Lease claims on a real one-member Hazelcast cluster: who may write, who must stop. */
class LeaseKeeperTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static HazelcastInstance hazelcast;
    private static IMap<Long, String> leases;

    @BeforeAll
    static void startMember() {
        Config config = new Config().setClusterName("lease-keeper-" + UUID.randomUUID());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getNetworkConfig().setPort(6271).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        hazelcast = Hazelcast.newHazelcastInstance(config);
        leases = hazelcast.getMap(ClusterNames.LEASE_MAP);
    }

    @AfterAll
    static void stopMember() {
        hazelcast.shutdown();
    }

    @Test
    void aLaterAttemptTakesOverAndTheEarlierOneIsToldToStop() {
        LeaseKeeper first = keeper(1, 1, "worker-a");
        LeaseKeeper second = keeper(1, 2, "worker-b");

        assertThat(first.renew()).isTrue();
        assertThat(second.renew()).isTrue();

        assertThat(first.renew()).as("attempt 1 after attempt 2 claimed").isFalse();
        Lease held = Json.read(leases.get(1L), Lease.class);
        assertThat(held.attempt()).isEqualTo(2);
        assertThat(held.workerId()).isEqualTo("worker-b");
    }

    @Test
    void aSecondWorkerCannotTakeALiveLeaseOfTheSameAttemptButCanTakeAnExpiredOne() {
        LeaseKeeper holder = keeper(2, 1, "worker-a");
        LeaseKeeper duplicate = keeper(2, 1, "worker-b");
        assertThat(holder.renew()).isTrue();

        assertThat(duplicate.renew()).isFalse();
        assertThat(holder.renew()).isTrue();

        leases.set(2L, Json.write(new Lease(2, 1, "worker-a", "gone", System.currentTimeMillis() - 1)));
        assertThat(duplicate.renew()).isTrue();
        assertThat(Json.read(leases.get(2L), Lease.class).workerId()).isEqualTo("worker-b");
    }

    @Test
    void aVanishedLeaseIsWrittenAgainWithThisMembersId() {
        LeaseKeeper keeper = keeper(3, 1, "worker-a");
        assertThat(keeper.renew()).isTrue();
        leases.delete(3L);

        assertThat(keeper.renew()).isTrue();

        Lease held = Json.read(leases.get(3L), Lease.class);
        assertThat(held.memberId())
                .isEqualTo(hazelcast.getCluster().getLocalMember().getUuid().toString());
        assertThat(held.deadlineEpochMillis()).isGreaterThan(System.currentTimeMillis());
    }

    private static LeaseKeeper keeper(long trialId, int attempt, String workerId) {
        return new LeaseKeeper(
                hazelcast, new AssignTrial(new TrialId(trialId), new SweepId(1), attempt, null, "00"), workerId, LEASE);
    }
}
