package org.ranksweep.cli;

import java.util.Arrays;
import java.util.List;
import org.ranksweep.cluster.ClusterSettings;
import picocli.CommandLine.Option;

/** How this process joins the Hazelcast cluster. */
final class ClusterOptions {

    @Option(
            names = "--cluster-name",
            defaultValue = "ranksweep",
            description = "cluster name (default: ${DEFAULT-VALUE})")
    String clusterName;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "interface to bind and advertise (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(
            names = "--cluster-port",
            defaultValue = "5701",
            description = "first cluster port to try (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--members",
            defaultValue = "127.0.0.1:5701",
            description = {
                "comma-separated host:port list of members to join through: the orchestrator(s); an",
                "orchestrator may list worker hosts too, to rejoin them at once after a restart (default: ${DEFAULT-VALUE})"
            })
    String members;

    @Option(
            names = "--kubernetes-service-dns",
            paramLabel = "NAME",
            description = {
                "on Kubernetes: join through Hazelcast's Kubernetes discovery instead of --members, finding",
                "the members behind this headless Service (e.g. ranksweep-cluster.<namespace>.svc.cluster.local)"
            })
    String kubernetesServiceDns;

    ClusterSettings settings(boolean lite) {
        List<String> list = Arrays.stream(members.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        String dns =
                kubernetesServiceDns == null || kubernetesServiceDns.isBlank() ? null : kubernetesServiceDns.trim();
        return new ClusterSettings(clusterName, bind, port, list, lite, dns);
    }
}
