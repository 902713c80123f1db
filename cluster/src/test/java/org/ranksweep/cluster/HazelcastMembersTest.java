package org.ranksweep.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.JoinConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the join is configured. The Kubernetes variant is checked at this level only: there is no Kubernetes here,
 * and Hazelcast's own discovery does the rest.
 */
class HazelcastMembersTest {

    @Test
    void aMemberListJoinsByTcpIpOnly() {
        JoinConfig join = HazelcastMembers.config(
                        new ClusterSettings("lab", "10.0.0.6", 5701, List.of("10.0.0.5:5701"), true, null))
                .getNetworkConfig()
                .getJoin();

        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.5:5701");
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    }

    @Test
    void aHeadlessServiceNameJoinsByKubernetesDiscoveryInsteadOfTheMemberList() {
        ClusterSettings settings = new ClusterSettings(
                "lab", "10.1.2.3", 5702, List.of("127.0.0.1:5701"), true, "ranksweep-cluster.ml.svc.cluster.local");

        JoinConfig join = HazelcastMembers.config(settings).getNetworkConfig().getJoin();

        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
        assertThat(join.getKubernetesConfig().getProperty("service-dns"))
                .isEqualTo("ranksweep-cluster.ml.svc.cluster.local");
        assertThat(join.getKubernetesConfig().getProperty("service-port")).isEqualTo("5702");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(settings.asLite().kubernetesServiceDns()).isEqualTo(settings.kubernetesServiceDns());
    }
}
