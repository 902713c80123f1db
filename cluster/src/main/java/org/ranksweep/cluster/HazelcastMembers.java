package org.ranksweep.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Starts Hazelcast members from {@link ClusterSettings}: an explicit TCP-IP member list or Kubernetes discovery by
 * a headless Service's DNS name; no multicast, no phone-home.
 */
public final class HazelcastMembers {

    private static final int PORT_COUNT = 20;

    private HazelcastMembers() {}

    public static HazelcastInstance start(ClusterSettings settings) {
        return Hazelcast.newHazelcastInstance(config(settings));
    }

    static Config config(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        config.setLiteMember(settings.lite());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Lets a restarted orchestrator or a killed worker be noticed within seconds, not minutes.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        // A restarted orchestrator that lists only itself forms its own cluster at first; the workers' cluster
        // (lite members only) then merges into it. Hazelcast's defaults wait 5 minutes before looking.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
        // An orchestrator restarted right after a crash gets its old port back, the one workers list.
        network.setReuseAddress(true);
        network.getInterfaces().setEnabled(true).addInterface(settings.bindInterface());
        network.setPublicAddress(null);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.kubernetesServiceDns() == null) {
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        } else {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig()
                    .setEnabled(true)
                    .setProperty("service-dns", settings.kubernetesServiceDns())
                    .setProperty("service-port", String.valueOf(settings.port()));
        }
        return config;
    }
}
