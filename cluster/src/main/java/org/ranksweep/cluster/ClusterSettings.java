package org.ranksweep.cluster;

import java.util.List;

/**
 * How a process joins the RankSweep Hazelcast cluster. Loopback by default; a lab lists its hosts in
 * {@code members}; on Kubernetes the members find each other through a headless Service instead.
 *
 * @param clusterName   members with another name never join
 * @param bindInterface the interface to bind and advertise, e.g. {@code 127.0.0.1}
 * @param port          first port to try; the next free one up to {@code port + 19} is taken
 * @param members       TCP-IP member list, {@code host:port} each (ranges are not accepted by Hazelcast)
 * @param lite          workers are lite members: they own no partitions, so killing one loses no data
 * @param kubernetesServiceDns when set, Hazelcast's Kubernetes discovery resolves this headless Service's DNS name
 *                      to the members (DNS lookup mode: no Kubernetes API access needed) and {@code members} is
 *                      not used; null for the TCP-IP member list
 */
public record ClusterSettings(
        String clusterName,
        String bindInterface,
        int port,
        List<String> members,
        boolean lite,
        String kubernetesServiceDns) {

    public ClusterSettings {
        members = List.copyOf(members);
    }

    /** A single-process cluster on loopback, for {@code ranksweep local} and tests. */
    public static ClusterSettings loopback(String clusterName, int port) {
        return new ClusterSettings(clusterName, "127.0.0.1", port, List.of("127.0.0.1:" + port), false, null);
    }

    public ClusterSettings asLite() {
        return new ClusterSettings(clusterName, bindInterface, port, members, true, kubernetesServiceDns);
    }
}
